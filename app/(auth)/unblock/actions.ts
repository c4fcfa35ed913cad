'use server';

import { after } from 'next/server';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { requestUnblockLink, unblockWithLink } from '@/lib/accounts/unblock-sign-in';
import { linkTokenSchema, requestUnblockSchema } from '@/lib/validation/auth';
import { formAction } from '@/lib/validation/form-action';
import { forgetLinkCookie } from '@/lib/links/landing';

export const unblockAction = formAction(linkTokenSchema, async ({ token }) => {
  const result = await unblockWithLink({ token, ip: await currentClientIp() });
  // Used or not working any more: either way the link's cookie has nothing left to open.
  await forgetLinkCookie('/unblock');
  return result.ok ? { ok: true } : { linkState: result.linkState };
});

/**
 * From the sign-in page: always the same answer, in the same time, whatever the address:
 * the lookup, limits and email happen after the response is sent (`after`).
 */
export const requestUnblockAction = formAction(requestUnblockSchema, async ({ email }) => {
  const ip = await currentClientIp();
  if (email) {
    after(async () => {
      try {
        await requestUnblockLink({ email, ip });
      } catch (err) {
        console.error(`[unblock-request] ${(err as Error).message}`);
      }
    });
  }
  return { ok: true };
});
