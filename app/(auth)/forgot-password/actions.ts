'use server';

import { after } from 'next/server';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { requestPasswordReset } from '@/lib/accounts/request-password-reset';
import { forgotPasswordSchema } from '@/lib/validation/auth';
import { EMAIL_MAX, emailField } from '@/lib/validation/fields';
import { formAction } from '@/lib/validation/form-action';

/**
 * Answers at once and identically for every address: the lookup, rate limits and email
 * happen after the response is sent (`after`), so neither the answer nor its timing says
 * whether an account exists. data.email is the address as typed, to check for typos.
 */
export const forgotPasswordAction = formAction(forgotPasswordSchema, async ({ email: typed }) => {
  const email = emailField.safeParse(typed);
  // A malformed address gets the same answer; there is simply nothing to look up.
  if (email.success) {
    const ip = await currentClientIp();
    after(async () => {
      try {
        await requestPasswordReset({ email: email.data, ip });
      } catch (err) {
        console.error(`[forgot-password] ${(err as Error).message}`);
      }
    });
  }
  return { ok: true, data: { email: typed.slice(0, EMAIL_MAX) } };
});
