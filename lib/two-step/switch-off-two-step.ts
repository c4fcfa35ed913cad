/**
 * A person switches their own two-step verification off (issue 29), where their role does
 * not require it: staff of a role in REQUIRE_TWO_STEP_ROLES cannot (they would only be sent
 * to set it up again at their next sign-in, and the rule is there for their clients' data).
 *
 * 1. The person, with two-step on, and their role's rule.
 * 2. Their password, throttled like every password check: a session alone (a browser left
 *    open) must not be enough to take the second step away.
 * 3. In one transaction: the app's secret and the recovery codes gone, the code throttle
 *    cleared, half-finished sign-ins (password right, code still owed: someone who has the
 *    password but not the phone) ended, audited, and the person emailed, so a switch-off
 *    they did not make does not go unnoticed.
 */
import 'server-only';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { recoveryCodes, sessions, users } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { recordAudit } from '@/lib/audit/record';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';
import { clearSignInThrottle } from '@/lib/auth/sign-in-throttle';
import { confirmPassword, type PasswordCheck } from '@/lib/auth/confirm-password';
import { codeThrottleKey } from './reserve-code-attempt';

export type SwitchOffTwoStepResult =
  { ok: true } | { ok: false; code: 'two_step_off' | 'required' } | Exclude<PasswordCheck, { ok: true }>;

export async function switchOffTwoStep(input: {
  userId: string;
  password: string;
  ip?: string | null;
}): Promise<SwitchOffTwoStepResult> {
  const db = await getDb();
  // 1. The person, two-step on, a role that allows it off.
  const [user] = await db
    .select({ id: users.id, email: users.email, role: users.role, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, input.userId), isNotNull(users.twoStepEnabledAt)));
  if (!user?.passwordHash) return { ok: false, code: 'two_step_off' };
  if (env.REQUIRE_TWO_STEP_ROLES.includes(user.role)) return { ok: false, code: 'required' };
  // 2. The password.
  const checked = await confirmPassword({
    user: { ...user, passwordHash: user.passwordHash },
    password: input.password,
    during: 'two_step_off',
    ip: input.ip,
  });
  if (!checked.ok) return checked;
  // 3. Off, all or nothing.
  const done = await db.transaction(async (tx) => {
    const [off] = await tx
      .update(users)
      .set({ twoStepSecret: null, twoStepEnabledAt: null, twoStepLastStep: null, updatedAt: sql`now()` })
      .where(and(eq(users.id, user.id), isNotNull(users.twoStepEnabledAt)))
      .returning({ name: users.name, locale: users.locale, email: users.email });
    if (!off) return false; // switched off (or reset by the helpdesk) meanwhile
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await clearSignInThrottle(codeThrottleKey(user.id), tx);
    await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: 'two_step_off' })
      .where(and(eq(sessions.userId, user.id), eq(sessions.twoStepPending, true), isNull(sessions.endedAt)));
    await recordAudit(tx, { action: 'two_step.disabled', actorId: user.id, targetId: user.id, ip: input.ip });
    await queueEmail(tx, {
      to: off.email,
      userId: user.id,
      message: {
        template: 'two-step-disabled',
        props: { ...commonEmailProps(off.name, off.locale), disabledAt: new Date().toISOString() },
      },
    });
    return true;
  });
  if (!done) return { ok: false, code: 'two_step_off' };
  nudgeEmailWorker();
  return { ok: true };
}
