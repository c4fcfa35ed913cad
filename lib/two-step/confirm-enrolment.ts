/**
 * Turns two-step verification on once the person shows their password and that their app
 * makes the right codes. The password comes first (through the sign-in throttle, like every
 * password): a session alone, left open on a desk, must not be enough to put someone
 * else's app on the account and keep its recovery codes, locking the owner out.
 *
 * The secret is stored sealed, the code's step is recorded as used, ten recovery codes are
 * made (only their hashes stored) and returned to be shown once, and the person gets an
 * email (in the same transaction) so an enrolment they did not make is noticed.
 *
 * Enrolling is not a fresh second look: the session's reauthenticated_at is left alone, so
 * the console's dangerous actions still ask (lib/two-step/second-look.ts). The code-guess
 * count is cleared only when this call really turned it on; a valid code for a second,
 * losing enrolment changes nothing.
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { seal } from '@/lib/security/sealed';
import { queueEmail } from '@/lib/email/outbox';
import { commonEmailProps } from '@/lib/email/common-props';
import { signInSucceeded } from '@/lib/auth/sign-in-throttle';
import { confirmPassword } from '@/lib/auth/confirm-password';
import { openEnrolmentTicket } from './enrolment-ticket';
import { newRecoveryCodes } from './recovery-codes';
import { codeThrottleKey, reserveCodeAttempt, type Throttled } from './reserve-code-attempt';
import { storeRecoveryCodes } from './store-recovery-codes';
import { matchingStep } from './totp';

export type EnrolmentResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; code: 'expired' | 'wrong' | 'already_on' | 'wrong_password' }
  | Throttled;

export async function confirmEnrolment(input: {
  user: { id: string };
  sessionId: string;
  ticket: string;
  code: string;
  password: string;
  ip?: string | null;
}): Promise<EnrolmentResult> {
  const { user } = input;
  const ip = input.ip ?? null;
  // 1. The secret from the ticket (sealed for this person, not older than 30 minutes).
  const secret = openEnrolmentTicket(input.ticket, user.id);
  if (!secret) return { ok: false, code: 'expired' };
  // 2. The person's password, throttled like every password check.
  const db = await getDb();
  const [person] = await db
    .select({ email: users.email, name: users.name, locale: users.locale, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, user.id));
  if (!person?.passwordHash) return { ok: false, code: 'wrong_password' };
  const password = await confirmPassword({
    user: { id: user.id, email: person.email, passwordHash: person.passwordHash },
    password: input.password,
    during: 'two_step_enrolment',
    ip,
  });
  if (!password.ok) return password.code === 'wrong' ? { ok: false, code: 'wrong_password' } : password;

  // 3. The code from the app, throttled like a password.
  const throttled = await reserveCodeAttempt({ userId: user.id, ip, during: 'enrolment' });
  if (throttled) return throttled;
  const step = matchingStep(secret, input.code);
  if (step === null) {
    await recordAudit(db, {
      action: 'two_step.failed',
      actorId: user.id,
      targetId: user.id,
      ip,
      details: { reason: 'wrong_code', during: 'enrolment' },
    });
    return { ok: false, code: 'wrong' };
  }
  // 4. On (only if still off), recovery codes, audit and email: all or nothing.
  const codes = newRecoveryCodes();
  const enabled = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        twoStepSecret: seal({ secret }, 'two-step-secret'),
        twoStepEnabledAt: sql`now()`,
        twoStepLastStep: step,
        updatedAt: sql`now()`,
      })
      .where(and(eq(users.id, user.id), isNull(users.twoStepEnabledAt)))
      .returning({ id: users.id, enabledAt: users.twoStepEnabledAt, email: users.email });
    if (!row) return false;
    await storeRecoveryCodes(tx, user.id, codes);
    await recordAudit(tx, { action: 'two_step.enabled', actorId: user.id, targetId: user.id, ip });
    await queueEmail(tx, {
      to: row.email,
      userId: user.id,
      message: {
        template: 'two-step-enabled',
        props: {
          ...commonEmailProps(person.name, person.locale),
          enabledAt: (row.enabledAt ?? new Date()).toISOString(),
        },
      },
    });
    return true;
  });
  if (!enabled) return { ok: false, code: 'already_on' };
  // 5. The code-guess count cleared, and the codes returned to be shown once.
  await signInSucceeded(codeThrottleKey(user.id), ip);
  return { ok: true, recoveryCodes: codes };
}
