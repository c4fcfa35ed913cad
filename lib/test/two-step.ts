/** Test accounts with two-step verification on, for integration tests of codes, recovery codes and the second look. */
import type { Role } from '@/lib/db/schema';
import { startSession } from '@/lib/sessions/start-session';
import { confirmEnrolment } from '@/lib/two-step/confirm-enrolment';
import { startEnrolment } from '@/lib/two-step/start-enrolment';
import { codeAt } from '@/lib/two-step/totp';
import { active, GOOD_PASSWORD, userRow } from './factories';

/** A new open session of this person, as a password sign-in starts it. */
export async function sessionOf(userId: string, ip: string): Promise<string> {
  const row = await userRow(userId);
  return startSession({ userId, sessionVersion: row.sessionVersion, ip });
}

/**
 * An active person who turned two-step verification on: their secret (as the app has it)
 * and their ten recovery codes. `ip` gives each call its own address, so the tests of one
 * file do not share throttling with another's.
 */
export async function enrolledInTwoStep(role: Role, ip: () => string) {
  const person = await active(role);
  const sessionId = await sessionOf(person.userId, ip());
  const start = await startEnrolment({ id: person.userId, email: person.email });
  const secret = start.secretText.replace(/ /g, '');
  const result = await confirmEnrolment({
    user: { id: person.userId },
    sessionId,
    ticket: start.ticket,
    code: codeAt(secret, Date.now()),
    password: GOOD_PASSWORD,
    ip: ip(),
  });
  if (!result.ok) throw new Error(`enrolment failed: ${JSON.stringify(result)}`);
  return { ...person, sessionId, secret, codes: result.recoveryCodes };
}
