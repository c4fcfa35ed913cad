/**
 * The helpdesk removes a person's passkeys at their request (a lost or sold phone), one or
 * all. Who may: the same as for resetting two-step verification (helpdesk for clients and
 * counselors, application managers for anyone but themselves), since a passkey can be a
 * staff member's second step. As after a two-step reset: every session of the person ends
 * (whoever holds the lost device is signed out), it is audited, and the person is emailed,
 * so a removal they did not ask for does not go unnoticed. The console asks the staff
 * member's second look first (app/admin/accounts/manage-actions.ts).
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { passkeys } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { actorId, actorVia, type Actor } from '@/lib/accounts/actor';
import { fail, type AccountFailure } from '@/lib/accounts/errors';
import { canRemovePasskeys } from '@/lib/accounts/permissions';
import { withLockedAccount } from '@/lib/accounts/steps/with-locked-account';
import { endAllSessions } from '@/lib/sessions/end-all-sessions';

export async function removePasskeysByStaff(input: {
  userId: string;
  actor: Actor;
  /** One passkey; all of the person's when absent. */
  passkeyId?: string;
  ip?: string | null;
}): Promise<{ ok: true; removed: number } | AccountFailure> {
  return withLockedAccount({ userId: input.userId }, input.actor, canRemovePasskeys, async (tx, user) => {
    if (input.passkeyId !== undefined && !/^[0-9a-f-]{36}$/i.test(input.passkeyId))
      return fail('no_passkeys');
    const removed = await tx
      .delete(passkeys)
      .where(
        and(
          eq(passkeys.userId, user.id),
          input.passkeyId === undefined ? undefined : eq(passkeys.id, input.passkeyId),
        ),
      )
      .returning({ id: passkeys.id, name: passkeys.name });
    if (removed.length === 0) return fail('no_passkeys');
    await endAllSessions(tx, user.id, 'passkeys_removed');
    await recordAudit(tx, {
      action: 'passkey.removed',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { via: actorVia(input.actor), count: removed.length, names: removed.map((p) => p.name) },
    });
    await queueEmail(tx, {
      to: user.email,
      userId: user.id,
      message: {
        template: 'passkey-removed',
        props: {
          ...commonEmailProps(user.name, user.locale),
          passkeyNames: removed.map((p) => p.name),
          removedAt: new Date().toISOString(),
          byHelpdesk: true,
        },
      },
    });
    return { ok: true as const, removed: removed.length };
  });
}
