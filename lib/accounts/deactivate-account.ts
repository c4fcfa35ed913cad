import 'server-only';
import { sql } from 'drizzle-orm';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { voidOpenLinks } from '@/lib/links/links';
import { actorId, type Actor } from './actor';
import { fail, type AccountFailure } from './errors';
import { accountWhere, type AccountRef } from './find-accounts';
import { canFixAccount } from './permissions';
import { endAllSessions, inTransaction, sendLinkEmail } from './steps';

interface Input {
  account: AccountRef;
  actor: Actor;
  ip?: string | null;
}

/**
 * Deactivates an account: the person can no longer sign in, every session ends now and
 * open links are voided. Nothing is deleted: the account and all its data stay, so it can
 * be reactivated as it was.
 */
export async function deactivateAccount(
  input: Input & { reason?: string | null },
): Promise<
  { ok: true; userId: string } | AccountFailure<'not_found' | 'not_allowed' | 'already_deactivated'>
> {
  const where = accountWhere(input.account);
  if (!where) return fail('not_found');
  return inTransaction(async (tx) => {
    const [user] = await tx.select().from(users).where(where).for('update');
    if (!user) return fail('not_found');
    if (!canFixAccount(input.actor, user)) return fail('not_allowed');
    if (user.status === 'deactivated') return fail('already_deactivated');
    const reason = input.reason?.trim() || null;
    await tx
      .update(users)
      .set({
        status: 'deactivated',
        deactivatedAt: sql`now()`,
        deactivatedById: actorId(input.actor),
        deactivationReason: reason,
        updatedAt: sql`now()`,
      })
      .where(sql`${users.id} = ${user.id}`);
    await endAllSessions(tx, user.id, 'deactivated');
    await voidOpenLinks(tx, user.id);
    await recordAudit(tx, {
      action: 'account.deactivated',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { reason, previousStatus: user.status },
    });
    return { ok: true, userId: user.id } as const;
  });
}

/**
 * Reactivates an account. Someone who had chosen a password can sign in with it again;
 * someone who never did goes back to "invited" and gets a new welcome link (deactivation
 * voided the old one).
 */
export async function reactivateAccount(
  input: Input,
): Promise<
  | { ok: true; userId: string; status: 'active' | 'invited'; welcomeUrl?: string }
  | AccountFailure<'not_found' | 'not_allowed' | 'not_deactivated'>
> {
  const where = accountWhere(input.account);
  if (!where) return fail('not_found');
  return inTransaction(async (tx) => {
    const [user] = await tx.select().from(users).where(where).for('update');
    if (!user) return fail('not_found');
    if (!canFixAccount(input.actor, user)) return fail('not_allowed');
    if (user.status !== 'deactivated') return fail('not_deactivated');
    const status = user.passwordHash ? 'active' : 'invited';
    await tx
      .update(users)
      .set({
        status,
        deactivatedAt: null,
        deactivatedById: null,
        deactivationReason: null,
        updatedAt: sql`now()`,
      })
      .where(sql`${users.id} = ${user.id}`);
    await recordAudit(tx, {
      action: 'account.reactivated',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { status, previousReason: user.deactivationReason },
    });
    if (status === 'active') return { ok: true, userId: user.id, status } as const;
    const { url } = await sendLinkEmail(tx, { recipient: user, purpose: 'welcome', actor: input.actor });
    return { ok: true, userId: user.id, status, welcomeUrl: url } as const;
  });
}
