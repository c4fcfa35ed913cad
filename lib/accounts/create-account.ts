import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users, type Role } from '@/lib/db/schema';
import { recordAudit } from '@/lib/security/audit';
import { normaliseEmail } from '@/lib/validation/fields';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';
import { actorId, type Actor } from './actor';
import { isUniqueViolation, type AccountFailure } from './errors';
import { issueLink, linkUrl } from './links';
import { creatableRoles } from './permissions';

export interface CreateAccountInput {
  email: string;
  name: string;
  role: Role;
  /** Email of the counselor who follows this client (clients only). */
  counselorEmail?: string | null;
  /** Language for the person's emails and pages; unset: the deployment's default. */
  locale?: 'en' | 'nl' | null;
  actor: Actor;
  ip?: string | null;
}

export type CreateAccountResult = { ok: true; userId: string; welcomeUrl: string; expiresAt: Date } | AccountFailure;

/**
 * Creates an account in status "invited" and queues its welcome email, whose button
 * works once and for 7 days, all in one transaction. Accounts are never self-registered:
 * staff (within their role) or the operator's command line make them. A counselor's new
 * client is always linked to that counselor.
 */
export async function createAccount(input: CreateAccountInput): Promise<CreateAccountResult> {
  const { actor } = input;
  if (!creatableRoles(actor).includes(input.role)) return { ok: false, code: 'not_allowed' };
  if (input.role !== 'client' && input.counselorEmail) return { ok: false, code: 'counselor_not_found' };
  const db = await getDb();
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  try {
    const result = await db.transaction(async (tx) => {
      let counselorId: string | null = null;
      if (actor.kind === 'user' && actor.role === 'counselor') {
        counselorId = actor.id;
      } else if (input.counselorEmail) {
        const [counselor] = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.email, normaliseEmail(input.counselorEmail)), eq(users.role, 'counselor')));
        if (!counselor) return { ok: false, code: 'counselor_not_found' } as const;
        counselorId = counselor.id;
      }
      const [created] = await tx
        .insert(users)
        .values({ email, name, role: input.role, counselorId, createdById: actorId(actor), locale: input.locale ?? null })
        .returning({ id: users.id });
      const userId = created!.id;
      const { token, expiresAt } = await issueLink(tx, { userId, purpose: 'welcome', sentTo: email, createdById: actorId(actor) });
      const welcomeUrl = linkUrl('welcome', token);
      await queueEmail(tx, {
        to: email,
        userId,
        message: {
          template: 'welcome',
          props: { ...commonEmailProps(name, input.locale), link: welcomeUrl, expiresAt: expiresAt.toISOString(), createdByName: actor.kind === 'user' ? actor.name : undefined },
        },
      });
      await recordAudit(tx, {
        action: 'account.created',
        actorId: actorId(actor),
        targetId: userId,
        ip: input.ip,
        details: { email, name, role: input.role, counselorId, via: actor.kind === 'operator' ? 'command line' : 'console' },
      });
      return { ok: true, userId, welcomeUrl, expiresAt } as const;
    });
    if (result.ok) nudgeEmailWorker();
    return result;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    if (actor.kind === 'user' && actor.role === 'counselor') {
      await recordAudit(db, { action: 'account.create_refused', actorId: actor.id, ip: input.ip, details: { reason: 'email_in_use', emailDomain: email.split('@')[1] ?? null } });
      return { ok: false, code: 'ask_helpdesk' };
    }
    return { ok: false, code: 'email_taken' };
  }
}
