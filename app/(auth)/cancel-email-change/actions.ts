'use server';

import { currentClientIp } from '@/lib/security/current-client-ip';
import { cancelEmailChange } from '@/lib/accounts/email-change';
import { forgetLinkCookie } from '@/lib/links/landing';
import { linkTokenSchema } from '@/lib/validation/auth';
import { formAction } from '@/lib/validation/form-action';

export const cancelEmailChangeAction = formAction(linkTokenSchema, async ({ token }) => {
  const result = await cancelEmailChange({ token, ip: await currentClientIp() });
  // Used or not working any more: either way the link's cookie has nothing left to open.
  await forgetLinkCookie('/cancel-email-change');
  return result.ok ? { ok: true, data: { email: result.keptEmail } } : { linkState: result.linkState };
});
