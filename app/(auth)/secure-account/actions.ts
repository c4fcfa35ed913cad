'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { env } from '@/lib/env';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { secureAccountWithLink } from '@/lib/accounts/secure-account-with-link';
import { linkTokenSchema } from '@/lib/validation/auth';
import { formAction } from '@/lib/validation/form-action';
import { forgetLinkCookie } from '@/lib/links/landing';
import { linkCookie } from '@/lib/links/cookie';

/**
 * "This was not me": everyone is signed out, then this browser goes straight to choosing a
 * new password with the reset link just made, carried in the reset page's own cookie (as if
 * the person had opened an emailed reset link).
 */
export const secureAccountAction = formAction(linkTokenSchema, async ({ token }) => {
  const result = await secureAccountWithLink({ token, ip: await currentClientIp() });
  // Used or not working any more: either way the link's cookie has nothing left to open.
  await forgetLinkCookie('/secure-account');
  if (!result.ok) return { linkState: result.linkState };
  const reset = linkCookie('/reset-password', env.secureCookies);
  (await cookies()).set(reset.name, result.resetToken, reset.options);
  redirect('/reset-password');
});
