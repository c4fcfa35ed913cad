'use server';

import { redirect } from 'next/navigation';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { resetPasswordWithLink } from '@/lib/accounts/reset-password';
import { linkPasswordSchema } from '@/lib/validation/auth';
import { formAction } from '@/lib/validation/form-action';
import { forgetLinkCookie } from '@/lib/links/landing';
import { linkPasswordAnswer, linkPasswordInvalid } from '@/lib/validation/password-answers';

export const resetPasswordAction = formAction(
  linkPasswordSchema,
  async ({ token, password }) => {
    const result = await resetPasswordWithLink({ token, password, ip: await currentClientIp() });
    if (!result.ok) return linkPasswordAnswer(result);
    // The link is used: its cookie has nothing left to open. (Only here, where a redirect
    // follows: a cookie change re-renders the page, which would lose the form's answer.)
    await forgetLinkCookie('/reset-password');
    // No automatic sign-in after a reset: the person signs in with the new password.
    redirect('/login?reset=1');
  },
  { invalid: linkPasswordInvalid },
);
