import { PASSWORD_MAX } from './fields';

type Problem = { passwordError?: string; confirmError?: string; linkState?: 'unknown' };

/** Reads the token, password and confirmation posted by a choose-a-password form. */
export function readNewPasswordForm(formData: FormData): { ok: true; token: string; password: string } | { ok: false; state: Problem } {
  const token = formData.get('token');
  const password = formData.get('password');
  const confirm = formData.get('confirm');
  if (typeof token !== 'string' || !token) return { ok: false, state: { linkState: 'unknown' } };
  if (typeof password !== 'string' || password.length === 0) return { ok: false, state: { passwordError: 'validation.passwordRequired' } };
  // Cheap bound before any work; the policy counts code points precisely afterwards.
  if (password.length > PASSWORD_MAX * 2) return { ok: false, state: { passwordError: 'validation.password.tooLong' } };
  if (typeof confirm === 'string' && confirm !== password) return { ok: false, state: { confirmError: 'validation.confirmMismatch' } };
  return { ok: true, token, password };
}
