/**
 * Finishes a sign-in that began with a password and owes the second step, with one of the
 * person's passkeys instead of a code from their app: checkPasskey (throttled like a code,
 * the challenge bound to this session and spent once), then this session is complete and
 * counts as just re-authenticated. The session must still be the person's pending one.
 */
import 'server-only';
import { completeSecondStep } from '@/lib/sessions/complete-second-step';
import { checkPasskey, type PasskeyCheckResult } from './check-passkey';

export async function finishSecondStepWithPasskey(input: {
  sessionId: string;
  userId: string;
  response: unknown;
  ip?: string | null;
}): Promise<PasskeyCheckResult> {
  const result = await checkPasskey({
    userId: input.userId,
    sessionId: input.sessionId,
    purpose: 'second_step',
    during: 'sign_in',
    response: input.response,
    ip: input.ip,
  });
  if (result.ok) await completeSecondStep(input);
  return result;
}
