'use server';

import { after } from 'next/server';
import { currentClientIp } from '@/lib/auth/request-context';
import { renewWelcomeLink } from '@/lib/accounts/renew-welcome-link';

export type RenewState = { result?: 'sent' | 'rateLimited' | 'notRenewable'; retryAfterMinutes?: number };

export async function renewWelcomeLinkAction(_previous: RenewState, formData: FormData): Promise<RenewState> {
  // The new link and its email are made after the response is sent.
  const result = await renewWelcomeLink({ token: formData.get('token'), ip: await currentClientIp() }, (work) =>
    after(async () => {
      try {
        await work();
      } catch (err) {
        console.error(`[welcome-renewal] ${(err as Error).message}`);
      }
    }),
  );
  if (result.ok) return { result: 'sent' };
  if (result.code === 'rate_limited') return { result: 'rateLimited', retryAfterMinutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) };
  return { result: 'notRenewable' };
}
