'use server';

import { mainProblem } from '@/lib/password/policy';
import { redirect } from 'next/navigation';
import { currentClientIp } from '@/lib/auth/request-context';
import { resetPasswordWithLink } from '@/lib/accounts/reset-password';
import type { NewPasswordState } from '@/components/new-password-form';
import { readNewPasswordForm } from '@/lib/validation/new-password-form';

export async function resetPasswordAction(previous: NewPasswordState, formData: FormData): Promise<NewPasswordState> {
  const attempt = (previous?.attempt ?? 0) + 1;
  const form = readNewPasswordForm(formData);
  if (!form.ok) return { attempt, ...form.state };
  const result = await resetPasswordWithLink({ token: form.token, password: form.password, ip: await currentClientIp() });
  if (!result.ok) {
    if (result.code === 'password') return { attempt, passwordError: `validation.password.${mainProblem(result.problems)}` };
    return { attempt, linkState: result.linkState };
  }
  // No automatic sign-in after a reset: the person signs in with the new password.
  redirect('/login?reset=1');
}
