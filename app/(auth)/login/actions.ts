'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { signIn } from '@/lib/auth/config';
import { signInSchema } from '@/lib/validation/auth';
import { EMAIL_MAX } from '@/lib/validation/fields';
import { fieldErrorsOf, type FieldErrors } from '@/lib/validation/field-errors';

export type SignInState = {
  /** What was typed in the email field, shown again; the password never is. */
  email: string;
  fieldErrors?: FieldErrors<'email' | 'password'>;
  formError?: 'invalid' | 'deactivated' | 'throttled' | 'blocked';
  retryAfterMinutes?: number;
  /** Changes on every attempt so the message is announced and focused again. */
  attempt: number;
};

export async function signInAction(previous: SignInState, formData: FormData): Promise<SignInState> {
  const rawEmail = formData.get('email');
  const email = typeof rawEmail === 'string' ? rawEmail.slice(0, EMAIL_MAX + 1) : '';
  const attempt = (previous?.attempt ?? 0) + 1;
  const parsed = signInSchema.safeParse({ email: rawEmail, password: formData.get('password') });
  if (!parsed.success) return { email, attempt, fieldErrors: fieldErrorsOf(parsed.error) };

  try {
    // Lands on "/", which sends staff to /admin and clients to /account.
    await signIn('credentials', { ...parsed.data, redirectTo: '/' });
  } catch (err) {
    if (err instanceof CredentialsSignin) {
      if (err.code === 'deactivated') return { email, attempt, formError: 'deactivated' };
      if (err.code === 'blocked') return { email, attempt, formError: 'blocked' };
      if (err.code.startsWith('throttled:')) {
        const seconds = Number(err.code.split(':')[1]) || 60;
        return { email, attempt, formError: 'throttled', retryAfterMinutes: Math.max(1, Math.ceil(seconds / 60)) };
      }
      return { email, attempt, formError: 'invalid' };
    }
    if (err instanceof AuthError) throw new Error(`Sign-in failed: ${err.type}`);
    throw err; // the redirect after success
  }
  return { email, attempt };
}
