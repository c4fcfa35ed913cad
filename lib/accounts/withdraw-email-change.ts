import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { actorId, type Actor } from './actor';
import { fail, type AccountFailure } from './errors';
import { canChangeEmail } from './permissions';
import { dropPendingEmailChange } from './steps/drop-pending-email-change';
import { withLockedAccount } from './steps/with-locked-account';

/**
 * Staff withdraw a change of address they (or a colleague) started, before the new address
 * confirmed it: both links stop working. The same staff who may start one may withdraw it.
 */
export async function withdrawEmailChange(input: {
  userId: string;
  actor: Actor;
  ip?: string | null;
}): Promise<{ ok: true } | AccountFailure> {
  return withLockedAccount({ userId: input.userId }, input.actor, canChangeEmail, async (tx, user) => {
    if (!(await dropPendingEmailChange(tx, user.id))) return fail('no_email_change');
    await recordAudit(tx, {
      action: 'account.email_change_withdrawn',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
    });
    return { ok: true } as const;
  });
}
