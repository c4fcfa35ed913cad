'use server';

import { getCurrentUser } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { changePassword } from '@/lib/accounts/change-password';
import { changePasswordSchema } from '@/lib/validation/auth';
import { formAction } from '@/lib/validation/form-action';
import { passwordRefused } from '@/lib/validation/password-answers';
import { minutesToWait } from '@/lib/validation/minutes-to-wait';

export const changePasswordAction = formAction(changePasswordSchema, async ({ current, password }) => {
  const user = await getCurrentUser();
  if (!user) return { fieldErrors: { current: 'changePassword.signedOut' } };
  const result = await changePassword({
    actor: actorFrom(user),
    sessionId: user.sessionId,
    current,
    next: password,
    ip: await currentClientIp(),
  });
  if (result.ok) return { ok: true };
  if (result.code === 'current') return { fieldErrors: { current: 'changePassword.currentWrong' } };
  if (result.code === 'throttled') {
    const retryAfterMinutes = minutesToWait(result.retryAfterSeconds);
    return { fieldErrors: { current: 'changePassword.currentThrottled' }, data: { retryAfterMinutes } };
  }
  if (result.code === 'blocked') return { fieldErrors: { current: 'changePassword.currentBlocked' } };
  if (result.code === 'password') return passwordRefused(result.problems);
  return { fieldErrors: { current: 'changePassword.signedOut' } };
});
