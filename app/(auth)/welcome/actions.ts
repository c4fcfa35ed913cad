'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/config';
import { currentClientIp } from '@/lib/auth/request-context';
import { activateAccountWithLink } from '@/lib/accounts/activate-account';
import type { LinkState } from '@/lib/accounts/links';
import { PASSWORD_MAX } from '@/lib/validation/fields';

export type SetPasswordState = {
  attempt: number;
  passwordError?: string;
  confirmError?: string;
  linkState?: Exclude<LinkState, 'valid'> | 'deactivated';
};

export async function setPasswordAction(previous: SetPasswordState, formData: FormData): Promise<SetPasswordState> {
  const attempt = (previous?.attempt ?? 0) + 1;
  const token = formData.get('token');
  const password = formData.get('password');
  const confirm = formData.get('confirm');
  if (typeof token !== 'string') return { attempt, linkState: 'unknown' };
  if (typeof password !== 'string' || password.length === 0) return { attempt, passwordError: 'validation.passwordRequired' };
  if (password.length > PASSWORD_MAX * 2) return { attempt, passwordError: 'validation.password.tooLong' };
  if (typeof confirm === 'string' && confirm !== password) return { attempt, confirmError: 'validation.confirmMismatch' };

  const result = await activateAccountWithLink({ token, password, ip: await currentClientIp() });
  if (!result.ok) {
    if (result.code === 'password') return { attempt, passwordError: `validation.password.${result.problems[0]}` };
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
