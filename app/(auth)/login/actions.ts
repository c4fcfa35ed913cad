'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { signIn } from '@/lib/auth/config';
import { signInSchema } from '@/lib/validation/auth';
import { EMAIL_MAX } from '@/lib/validation/fields';
import { formAction } from '@/lib/validation/form-action';

/** What was typed in the email field, shown again; the password never is. */
const typedEmail = (raw: unknown) => (typeof raw === 'string' ? raw.slice(0, EMAIL_MAX + 1) : '');

/**
 * `message` is one of invalid, deactivated, throttled (with data.minutes) or blocked;
 * data.email is the address as typed.
 */
export const signInAction = formAction(
  signInSchema,
  async ({ email, password }, raw) => {
    const data = { email: typedEmail(raw.email) };
    try {
      // Lands on "/", which sends staff to /admin and clients to /account.
      await signIn('credentials', { email, password, redirectTo: '/' });
    } catch (err) {
      if (err instanceof CredentialsSignin) {
        if (err.code === 'deactivated') return { data, message: 'deactivated' };
        if (err.code === 'blocked') return { data, message: 'blocked' };
        if (err.code.startsWith('throttled:')) {
          const seconds = Number(err.code.split(':')[1]) || 60;
          return { data: { ...data, minutes: Math.max(1, Math.ceil(seconds / 60)) }, message: 'throttled' };
        }
        return { data, message: 'invalid' };
      }
      if (err instanceof AuthError) throw new Error(`Sign-in failed: ${err.type}`);
      throw err; // the redirect after success
    }
    return { data };
  },
  { invalid: (fieldErrors, raw) => ({ fieldErrors, data: { email: typedEmail(raw.email) } }) },
);
