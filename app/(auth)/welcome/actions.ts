'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth/config';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { activateAccountWithLink } from '@/lib/accounts/activate-account';
import { linkPasswordSchema } from '@/lib/validation/auth';
import { formAction } from '@/lib/validation/form-action';
import { forgetLinkCookie } from '@/lib/links/landing';
import { linkPasswordAnswer, linkPasswordInvalid } from '@/lib/validation/password-answers';

export const setPasswordAction = formAction(
  linkPasswordSchema,
  async ({ token, password }) => {
    const result = await activateAccountWithLink({ token, password, ip: await currentClientIp() });
    if (!result.ok) return linkPasswordAnswer(result);
    // The link is used: its cookie has nothing left to open. (Only here, where a redirect
    // follows: a cookie change re-renders the page, which would lose the form's answer.)
    await forgetLinkCookie('/welcome');
    try {
      await signIn('credentials', { email: result.email, password, redirectTo: '/' });
    } catch (err) {
      // The password is set; if signing in fails now, the person can still sign in by hand.
      if (err instanceof AuthError) return { linkState: 'used' };
      throw err;
    }
    return {};
  },
  { invalid: linkPasswordInvalid },
);
