import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { voidOpenLinks } from '@/lib/links/void-open-links';
import { endAllSessions } from '@/lib/sessions/end-all-sessions';
import { actorId, type Actor } from './actor';
import { fail, type AccountFailure } from './errors';
import { canFixAccount } from './permissions';
import type { AccountRef } from './steps/lock-account';
import { withLockedAccount } from './steps/with-locked-account';

/**
 * Deactivates an account (the console, or `npm run accounts -- deactivate`): the person can
 * no longer sign in, every session ends now and open links are voided. Nothing is deleted:
 * the account and all its data stay, so it can be reactivated as it was
 * (reactivate-account.ts).
 */
export async function deactivateAccount(input: {
  account: AccountRef;
  actor: Actor;
  reason?: string | null;
  ip?: string | null;
}): Promise<
  { ok: true; userId: string } | AccountFailure<'not_found' | 'not_allowed' | 'already_deactivated'>
> {
  return withLockedAccount(input.account, input.actor, canFixAccount, async (tx, user) => {
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
      .where(eq(users.id, user.id));
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
