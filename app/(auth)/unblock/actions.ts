'use server';

import { currentClientIp } from '@/lib/auth/request-context';
import { requestUnblockLink, unblockWithLink } from '@/lib/accounts/unblock-sign-in';
import { linkTokenSchema, requestUnblockSchema } from '@/lib/validation/auth';
import { formAction } from '@/lib/validation/form-action';

export const unblockAction = formAction(linkTokenSchema, async ({ token }) => {
  const result = await unblockWithLink({ token, ip: await currentClientIp() });
  return result.ok ? { ok: true } : { linkState: result.linkState };
});

/** From the sign-in page: always the same answer, whatever the address. */
export const requestUnblockAction = formAction(requestUnblockSchema, async ({ email }) => {
  if (email) await requestUnblockLink({ email, ip: await currentClientIp() });
  return { ok: true };
});
