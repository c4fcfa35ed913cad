'use server';

import { after } from 'next/server';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { renewWelcomeLink } from '@/lib/accounts/renew-welcome-link';
import { linkTokenSchema } from '@/lib/validation/auth';
import { formAction } from '@/lib/validation/form-action';
import { minutesToWait } from '@/lib/validation/minutes-to-wait';

/** `message` is rateLimited (with data.minutes) or notRenewable. The new link and its email are made after the response. */
export const renewWelcomeLinkAction = formAction(linkTokenSchema, async ({ token }) => {
  const result = await renewWelcomeLink({ token, ip: await currentClientIp() }, (work) =>
    after(async () => {
      try {
        await work();
      } catch (err) {
        console.error(`[welcome-renewal] ${(err as Error).message}`);
      }
    }),
  );
  if (result.ok) return { ok: true };
  if (result.code === 'rate_limited')
    return {
      message: 'rateLimited',
      data: { minutes: minutesToWait(result.retryAfterSeconds) },
    };
  return { message: 'notRenewable' };
});
