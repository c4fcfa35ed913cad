import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { actorId, type Actor } from './actor';
import { fail, type AccountFailure } from './errors';
import { pendingEmailChange } from './pending-email-change';
import { canFixAccount } from './permissions';
import { withLockedAccount } from './steps/with-locked-account';
import { sendLinkEmail } from './steps/send-link-email';

/** Staff send a person a reset link; they never see or set the password themselves. */
export async function sendPasswordResetLink(input: {
  userId: string;
  actor: Actor;
  ip?: string | null;
}): Promise<{ ok: true } | AccountFailure> {
  return withLockedAccount({ userId: input.userId }, input.actor, canFixAccount, async (tx, user) => {
    if (user.status !== 'active') return fail('not_active');
    // While a new address waits to be confirmed, a reset link would be a way around it.
    if (await pendingEmailChange(tx, user.id)) return fail('email_change_pending');
    await sendLinkEmail(tx, { recipient: user, purpose: 'reset', actor: input.actor });
    await recordAudit(tx, {
      action: 'password_reset.sent_by_staff',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { sentTo: user.email },
    });
    return { ok: true } as const;
  });
}
