import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { clearSignInThrottle } from '@/lib/auth/sign-in-throttle';
import { actorId, type Actor } from './actor';
import type { AccountFailure } from './errors';
import { canFixAccount } from './permissions';
import { withLockedAccount } from './steps/with-locked-account';

/**
 * Staff lift the throttling or the block on signing in with an account's address (the person
 * can also do it themselves with an emailed link: unblock-with-link.ts).
 */
export async function unblockSignIn(input: {
  userId: string;
  actor: Actor;
  ip?: string | null;
}): Promise<{ ok: true } | AccountFailure> {
  return withLockedAccount({ userId: input.userId }, input.actor, canFixAccount, async (tx, user) => {
    await clearSignInThrottle(user.email, tx);
    await recordAudit(tx, {
      action: 'sign_in.unblocked',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
    });
    return { ok: true } as const;
  });
}
