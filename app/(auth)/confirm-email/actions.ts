'use server';

import { currentClientIp } from '@/lib/security/current-client-ip';
import { confirmEmailChange } from '@/lib/accounts/confirm-email-change';
import { forgetLinkCookie } from '@/lib/links/landing';
import { confirmEmailSchema } from '@/lib/validation/auth';
import { formAction, type FormAnswer } from '@/lib/validation/form-action';
import { minutesToWait } from '@/lib/validation/minutes-to-wait';

export const confirmEmailAction = formAction(
  confirmEmailSchema,
  async ({ token, password }): Promise<FormAnswer> => {
    const result = await confirmEmailChange({ token, password, ip: await currentClientIp() });
    if (result.ok) {
      await forgetLinkCookie('/confirm-email');
      return { ok: true, data: { email: result.email } };
    }
    if (result.code === 'link') {
      await forgetLinkCookie('/confirm-email');
      return { linkState: result.linkState };
    }
    if (result.code === 'email_taken') return { message: 'confirmEmail.emailTaken' };
    const { check } = result;
    if (check.code === 'throttled')
      return {
        fieldErrors: { password: 'confirmEmail.throttled' },
        data: { retryAfterMinutes: minutesToWait(check.retryAfterSeconds) },
      };
    return {
      fieldErrors: {
        password: check.code === 'blocked' ? 'confirmEmail.blocked' : 'confirmEmail.passwordWrong',
      },
    };
  },
);
