import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users, type Role } from '@/lib/db/schema';
import { recordAudit } from '@/lib/security/audit';
import { normaliseEmail } from '@/lib/validation/fields';
import { isUniqueViolation, type AccountFailure } from './errors';
import { issueLink, linkUrl } from './links';

export interface CreateAccountInput {
  email: string;
  name: string;
  role: Role;
  /** Email of the counselor who follows this client (clients only). */
  counselorEmail?: string | null;
  actorId?: string | null;
  ip?: string | null;
}

export type CreateAccountResult =
  | { ok: true; userId: string; welcomeUrl: string; expiresAt: Date }
  | AccountFailure;

/**
 * Creates an account in status "invited" with a welcome link valid once and for 7 days.
 * Accounts are never self-registered: an actor (staff, or the operator's command line) makes them.
 */
export async function createAccount(input: CreateAccountInput): Promise<CreateAccountResult> {
  const db = await getDb();
  const email = normaliseEmail(input.email);
  try {
    return await db.transaction(async (tx) => {
      let counselorId: string | null = null;
      if (input.counselorEmail) {
        const [counselor] = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.email, normaliseEmail(input.counselorEmail)), eq(users.role, 'counselor')));
        if (!counselor) return { ok: false, code: 'counselor_not_found' } as const;
        counselorId = counselor.id;
      }
      const [created] = await tx
        .insert(users)
        .values({ email, name: input.name.trim(), role: input.role, counselorId, createdById: input.actorId ?? null })
        .returning({ id: users.id });
      const userId = created!.id;
      const { token, expiresAt } = await issueLink(tx, { userId, purpose: 'welcome', sentTo: email, createdById: input.actorId });
      await recordAudit(tx, {
        action: 'account.created',
        actorId: input.actorId,
        targetId: userId,
        ip: input.ip,
        details: { email, role: input.role, counselorId },
      });
      return { ok: true, userId, welcomeUrl: linkUrl('welcome', token), expiresAt } as const;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, code: 'email_taken' };
    throw err;
  }
}
