'use server';

import { redirect } from 'next/navigation';
import { getSession, homePathFor } from '@/lib/auth/current-user';
import { continueAfterSignIn } from '@/lib/oidc/continue-after-sign-in';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { completeSignIn } from '@/lib/two-step/complete-sign-in';
import { finishSecondStepWithPasskey } from '@/lib/passkeys/finish-second-step';
import { startPasskeyCheck } from '@/lib/passkeys/start-passkey-check';
import { secondStepSchema } from '@/lib/validation/auth';
import { formAction, type FormAnswer } from '@/lib/validation/form-action';
import { minutesToWait } from '@/lib/validation/minutes-to-wait';

/**
 * The second step of signing in. A code from the app goes straight on to the person's home;
 * a recovery code first says how many are left (with a link on), so nobody runs out unawares.
 * `message`: wrong, throttled (data.minutes), blocked, or recoveryUsed (data.left, data.home).
 */
export const secondStepAction = formAction(secondStepSchema, async ({ code }): Promise<FormAnswer> => {
  const session = await getSession();
  if (!session || session.stage !== 'code') redirect('/');
  const result = await completeSignIn({
    sessionId: session.user.sessionId,
    userId: session.user.id,
    answer: code,
    ip: await currentClientIp(),
  });
  if (!result.ok) {
    if (result.code === 'throttled')
      return {
        message: 'throttled',
        data: { minutes: minutesToWait(result.retryAfterSeconds) },
      };
    return { message: result.code };
  }
  const home = await continueAfterSignIn(homePathFor(session.user.role));
  if (result.via === 'code') redirect(home);
  return { ok: true, message: 'recoveryUsed', data: { left: result.recoveryCodesLeft, home } };
});

/** The options for finishing the second step with one of the person's passkeys (staff who enrolled one); null without any. */
export async function startSecondStepPasskeyAction() {
  const session = await getSession();
  if (!session || session.stage !== 'code') return null;
  return startPasskeyCheck({
    userId: session.user.id,
    sessionId: session.user.sessionId,
    purpose: 'second_step',
  });
}

/** The second step with a passkey: on to the person's home, or why not (`message`, with minutes when throttled). */
export async function secondStepPasskeyAction(
  response: string,
): Promise<{ message: string; minutes?: number }> {
  const session = await getSession();
  if (!session || session.stage !== 'code') redirect('/');
  const result = await finishSecondStepWithPasskey({
    sessionId: session.user.sessionId,
    userId: session.user.id,
    response,
    ip: await currentClientIp(),
  });
  if (!result.ok)
    return result.code === 'throttled'
      ? { message: 'throttled', minutes: minutesToWait(result.retryAfterSeconds) }
      : { message: result.code };
  redirect(await continueAfterSignIn(homePathFor(session.user.role)));
}
