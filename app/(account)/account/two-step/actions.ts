'use server';

import { redirect } from 'next/navigation';
import { getCurrentUser, getSession, homePathFor } from '@/lib/auth/current-user';
import { continueAfterSignIn } from '@/lib/oidc/continue-after-sign-in';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { confirmEnrolment } from '@/lib/two-step/confirm-enrolment';
import { sealCodesForDownload } from '@/lib/two-step/recovery-codes-download';
import { enrolTwoStepSchema, renewCodesSchema, switchOffTwoStepSchema } from '@/lib/validation/auth';
import { switchOffTwoStep } from '@/lib/two-step/switch-off-two-step';
import { renewRecoveryCodes } from '@/lib/two-step/renew-recovery-codes';
import { formAction, type FormAnswer } from '@/lib/validation/form-action';
import { minutesToWait } from '@/lib/validation/minutes-to-wait';

/**
 * Confirms enrolment with the person's password and the first code from the app. On success
 * the answer carries the ten recovery codes (shown once, never stored in the clear) and the
 * same codes sealed for the download form. `message`: enabled, wrong, expired, already_on,
 * throttled, blocked; a wrong password answers in `fieldErrors.password`.
 */
export const enrolAction = formAction(
  enrolTwoStepSchema,
  async ({ ticket, code, password }): Promise<FormAnswer> => {
    const session = await getSession();
    if (!session || session.stage === 'code') redirect('/login');
    const result = await confirmEnrolment({
      user: { id: session.user.id },
      sessionId: session.user.sessionId,
      ticket,
      code,
      password,
      ip: await currentClientIp(),
    });
    if (!result.ok) return refusal(result, 'wrong_password');
    return {
      ok: true,
      message: 'enabled',
      data: {
        codes: result.recoveryCodes.join(' '),
        download: sealCodesForDownload(session.user.id, result.recoveryCodes),
        home: await continueAfterSignIn(homePathFor(session.user.role)),
      },
    };
  },
);

/**
 * New recovery codes, after the password: the old ones stop working, the new ones are in
 * the answer (shown once) and sealed for the download form. `message`: renewed, wrong,
 * throttled, blocked, two_step_off.
 */
export const renewCodesAction = formAction(renewCodesSchema, async ({ password }): Promise<FormAnswer> => {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  const result = await renewRecoveryCodes({ userId: user.id, password, ip: await currentClientIp() });
  if (!result.ok) return refusal(result, 'wrong');
  return {
    ok: true,
    message: 'renewed',
    data: {
      codes: result.recoveryCodes.join(' '),
      download: sealCodesForDownload(user.id, result.recoveryCodes),
    },
  };
});

/**
 * Two-step off, after the password, where the role allows it; then the page again, which
 * now offers to set it up and says it was switched off. `message`: required, two_step_off,
 * throttled, blocked; a wrong password answers in `fieldErrors.password`.
 */
export const switchOffTwoStepAction = formAction(
  switchOffTwoStepSchema,
  async ({ password }): Promise<FormAnswer> => {
    const user = await getCurrentUser();
    if (!user) redirect('/login');
    const result = await switchOffTwoStep({ userId: user.id, password, ip: await currentClientIp() });
    if (result.ok) redirect('/account/two-step?off=1');
    return refusal(result, 'wrong');
  },
);

/**
 * A refused two-step change as the form's answer: throttled with its minutes, a wrong
 * password next to the password field only (no second alert for the same thing), anything
 * else as the form's message.
 */
function refusal(
  result: { code: string; retryAfterSeconds?: number },
  wrongPassword: 'wrong' | 'wrong_password',
): FormAnswer {
  if (result.code === 'throttled')
    return {
      message: 'throttled',
      data: { minutes: minutesToWait(result.retryAfterSeconds ?? 60) },
    };
  if (result.code === wrongPassword) return { fieldErrors: { password: 'twoStep.passwordWrong' } };
  return { message: result.code };
}
