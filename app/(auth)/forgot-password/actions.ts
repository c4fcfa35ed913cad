'use server';

import { after } from 'next/server';
import { currentClientIp } from '@/lib/auth/request-context';
import { requestPasswordReset } from '@/lib/accounts/request-password-reset';
import { EMAIL_MAX, emailField } from '@/lib/validation/fields';

export type ForgotPasswordState = { attempt: number; submittedEmail?: string; emailMissing?: boolean };

/**
 * Answers at once and identically for every address: the lookup, rate limits and email
 * happen after the response is sent (`after`), so neither the answer nor its timing says
 * whether an account exists.
 */
export async function forgotPasswordAction(previous: ForgotPasswordState, formData: FormData): Promise<ForgotPasswordState> {
  const attempt = (previous?.attempt ?? 0) + 1;
  const raw = formData.get('email');
  const typed = typeof raw === 'string' ? raw.trim() : '';
  if (!typed) return { attempt, emailMissing: true };
  const email = emailField.safeParse(typed);
  // A malformed address gets the same answer; there is simply nothing to look up.
  if (!email.success) return { attempt, submittedEmail: typed.slice(0, EMAIL_MAX) };
  const ip = await currentClientIp();
  after(async () => {
    try {
      await requestPasswordReset({ email: email.data, ip });
    } catch (err) {
      console.error(`[forgot-password] ${(err as Error).message}`);
    }
  });
  return { attempt, submittedEmail: typed.slice(0, EMAIL_MAX) };
}
