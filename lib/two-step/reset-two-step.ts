/**
 * The helpdesk's answer to a lost phone: two-step verification off for one person, so their
 * next sign-in takes the password alone (and, if their role requires it, sets up a new
 * app at once). Since that opens the door wider, the reset also ends every session of the
 * person (a thief signed in with the phone is out), is audited, and the person is told by
 * email, so a reset they did not ask for does not go unnoticed.
 */
import 'server-only';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { recoveryCodes, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { clearSignInThrottle } from '@/lib/auth/sign-in-throttle';
import { actorId, actorVia, type Actor } from '@/lib/accounts/actor';
import { fail, type AccountFailure } from '@/lib/accounts/errors';
import { canResetTwoStep } from '@/lib/accounts/permissions';
import { endAllSessions } from '@/lib/sessions/end-all-sessions';
import { withLockedAccount } from '@/lib/accounts/steps/with-locked-account';
import { codeThrottleKey } from './reserve-code-attempt';

export async function resetTwoStep(input: {
  userId: string;
  actor: Actor;
  ip?: string | null;
}): Promise<{ ok: true } | AccountFailure> {
  return withLockedAccount({ userId: input.userId }, input.actor, canResetTwoStep, async (tx, user) => {
    const [row] = await tx
      .update(users)
      .set({ twoStepSecret: null, twoStepEnabledAt: null, twoStepLastStep: null, updatedAt: sql`now()` })
      .where(and(eq(users.id, user.id), isNotNull(users.twoStepEnabledAt)))
      .returning({ id: users.id });
    if (!row) return fail('two_step_off');
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await clearSignInThrottle(codeThrottleKey(user.id), tx);
    await endAllSessions(tx, user.id, 'two_step_reset');
    await recordAudit(tx, {
      action: 'two_step.reset',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { via: actorVia(input.actor) },
    });
    await queueEmail(tx, {
      to: user.email,
      userId: user.id,
      message: {
        template: 'two-step-reset',
        props: { ...commonEmailProps(user.name, user.locale), resetAt: new Date().toISOString() },
      },
    });
    return { ok: true } as const;
  });
}
