import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { actorId, type Actor } from './actor';
import { fail, type AccountFailure } from './errors';
import { canFixAccount } from './permissions';
import type { AccountRef } from './steps/lock-account';
import { withLockedAccount } from './steps/with-locked-account';
import { sendLinkEmail } from './steps/send-link-email';

/**
 * Reactivates a deactivated account (the console, or `npm run accounts -- reactivate`).
 * Someone who had chosen a password can sign in with it again; someone who never did goes
 * back to "invited" and gets a new welcome link (deactivation voided the old one).
 */
export async function reactivateAccount(input: {
  account: AccountRef;
  actor: Actor;
  ip?: string | null;
}): Promise<
  | { ok: true; userId: string; status: 'active' | 'invited'; welcomeUrl?: string }
  | AccountFailure<'not_found' | 'not_allowed' | 'not_deactivated'>
> {
  return withLockedAccount(input.account, input.actor, canFixAccount, async (tx, user) => {
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
      .where(eq(users.id, user.id));
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
