'use server';

import { after } from 'next/server';
import { currentClientIp } from '@/lib/auth/request-context';
import { requestUnblockLink, unblockWithLink } from '@/lib/accounts/unblock-sign-in';

export type UnblockState = { done?: boolean; linkState?: string };

export async function unblockAction(_previous: UnblockState, formData: FormData): Promise<UnblockState> {
  const token = formData.get('token');
  const result = await unblockWithLink({ token: typeof token === 'string' ? token : '', ip: await currentClientIp() });
  return result.ok ? { done: true } : { linkState: result.linkState };
}

/**
 * From the sign-in page: always the same answer, in the same time, whatever the address:
 * the lookup, limits and email happen after the response is sent (`after`).
 */
export async function requestUnblockAction(_previous: { sent?: boolean }, formData: FormData): Promise<{ sent: boolean }> {
  const email = formData.get('email');
  const ip = await currentClientIp();
  after(async () => {
    try {
      await requestUnblockLink({ email, ip });
    } catch (err) {
      console.error(`[unblock-request] ${(err as Error).message}`);
    }
  });
  return { sent: true };
}
