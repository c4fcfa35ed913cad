'use server';

import { getCurrentUser } from '@/lib/auth/current-user';
import { currentClientIp } from '@/lib/auth/request-context';
import { changePassword } from '@/lib/accounts/change-password';
import { mainProblem } from '@/lib/password/policy';
import { PASSWORD_MAX } from '@/lib/validation/fields';
import type { NewPasswordState } from '@/components/new-password-form';

export async function changePasswordAction(previous: NewPasswordState, formData: FormData): Promise<NewPasswordState> {
  const attempt = (previous?.attempt ?? 0) + 1;
  const user = await getCurrentUser();
  if (!user) return { attempt, currentError: 'changePassword.signedOut' };
  const current = formData.get('current');
  const next = formData.get('password');
  const confirm = formData.get('confirm');
  if (typeof current !== 'string' || !current) return { attempt, currentError: 'changePassword.currentRequired' };
  if (typeof next !== 'string' || !next) return { attempt, passwordError: 'validation.passwordRequired' };
  if (next.length > PASSWORD_MAX * 2 || current.length > PASSWORD_MAX * 2) return { attempt, passwordError: 'validation.password.tooLong' };
  if (confirm !== next) return { attempt, confirmError: 'validation.confirmMismatch' };
  const result = await changePassword({ userId: user.id, sessionId: user.sessionId, current, next, ip: await currentClientIp() });
  if (result.ok) return { attempt, done: true };
  if (result.code === 'current') return { attempt, currentError: 'changePassword.currentWrong' };
  if (result.code === 'throttled') return { attempt, currentError: 'changePassword.currentThrottled', retryAfterMinutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) };
  if (result.code === 'blocked') return { attempt, currentError: 'changePassword.currentBlocked' };
  if (result.code === 'password') return { attempt, passwordError: `validation.password.${mainProblem(result.problems)}` };
  return { attempt, currentError: 'changePassword.signedOut' };
}
