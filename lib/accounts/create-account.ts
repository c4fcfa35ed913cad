import 'server-only';
import { getDb } from '@/lib/db/client';
import { and, eq } from 'drizzle-orm';
import { users, type Role } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { normaliseEmail } from '@/lib/validation/fields';
import { actorId, actorName, actorVia, type Actor } from './actor';
import { fail, isUniqueViolation, type AccountFailure } from './errors';
import { creatableRoles } from './permissions';
import { inTransaction } from './steps/in-transaction';
import { sendLinkEmail } from './steps/send-link-email';

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

export type CreateAccountResult =
  { ok: true; userId: string; welcomeUrl: string; expiresAt: Date } | AccountFailure;

/**
 * Creates an account in status "invited" and queues its welcome email, whose button
 * works once and for 7 days, all in one transaction. Accounts are never self-registered:
 * staff (within their role) or the operator's command line make them. A counselor's new
 * client is always linked to that counselor.
 */
export async function createAccount(input: CreateAccountInput): Promise<CreateAccountResult> {
  const { actor } = input;
  if (!creatableRoles(actor).includes(input.role)) return fail('role_not_allowed');
  if (input.role !== 'client' && input.counselorEmail) return fail('counselor_not_found');
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  try {
    return await inTransaction(async (tx) => {
      let counselorId: string | null = null;
      if (actor.kind === 'user' && actor.role === 'counselor') {
        counselorId = actor.id;
      } else if (input.counselorEmail) {
        const [counselor] = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.email, normaliseEmail(input.counselorEmail)), eq(users.role, 'counselor')));
        if (!counselor) return fail('counselor_not_found');
        counselorId = counselor.id;
      }
      const [created] = await tx
        .insert(users)
        .values({
          email,
          name,
          role: input.role,
          counselorId,
          createdById: actorId(actor),
          locale: input.locale ?? null,
        })
        .returning({ id: users.id });
      const userId = created!.id;
      const recipient = { id: userId, email, name, locale: input.locale ?? null };
      const { url: welcomeUrl, expiresAt } = await sendLinkEmail(tx, {
        recipient,
        purpose: 'welcome',
        actor,
        createdByName: actorName(actor),
      });
      await recordAudit(tx, {
        action: 'account.created',
        actorId: actorId(actor),
        targetId: userId,
        ip: input.ip,
        details: { email, name, role: input.role, counselorId, via: actorVia(actor) },
      });
      return { ok: true, userId, welcomeUrl, expiresAt } as const;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    if (actor.kind === 'user' && actor.role === 'counselor') {
      await recordAudit(await getDb(), {
        action: 'account.create_refused',
        actorId: actor.id,
        ip: input.ip,
        details: { reason: 'email_in_use', emailDomain: email.split('@')[1] ?? null },
      });
      return fail('ask_helpdesk');
    }
    return fail('email_taken');
  }
}
