/**
 * Finishes a sign-in that owed a code: checks it (a code from the app or a recovery code),
 * then marks this session complete and just re-authenticated. The session must still be
 * the pending one of this person.
 */
import 'server-only';
import { completeSecondStep } from '@/lib/sessions/complete-second-step';
import { checkSecondFactor, type SecondFactorResult } from './check-second-factor';

export async function completeSignIn(input: {
  sessionId: string;
  userId: string;
  answer: string;
  ip?: string | null;
}): Promise<SecondFactorResult> {
  const result = await checkSecondFactor({
    userId: input.userId,
    answer: input.answer,
    during: 'sign_in',
    ip: input.ip,
  });
  if (result.ok) await completeSecondStep(input);
  return result;
}
