'use server';

import { mainProblem } from '@/lib/password/policy';
import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/config';
import { currentClientIp } from '@/lib/auth/request-context';
import { activateAccountWithLink } from '@/lib/accounts/activate-account';
import type { NewPasswordState } from '@/components/new-password-form';
import { readNewPasswordForm } from '@/lib/validation/new-password-form';

export async function setPasswordAction(previous: NewPasswordState, formData: FormData): Promise<NewPasswordState> {
  const attempt = (previous?.attempt ?? 0) + 1;
  const form = readNewPasswordForm(formData);
  if (!form.ok) return { attempt, ...form.state };
  const { token, password } = form;

  const result = await activateAccountWithLink({ token, password, ip: await currentClientIp() });
  if (!result.ok) {
    if (result.code === 'password') return { attempt, passwordError: `validation.password.${mainProblem(result.problems)}` };
    return { attempt, linkState: result.linkState };
  }
  try {
    await signIn('credentials', { email: result.email, password, redirectTo: '/' });
  } catch (err) {
    // The password is set; if signing in fails now, the person can still sign in by hand.
    if (err instanceof AuthError) return { attempt, linkState: 'used' };
    throw err;
  }
  return { attempt };
}
