'use server';

import { currentClientIp } from '@/lib/auth/request-context';
import { renewWelcomeLink } from '@/lib/accounts/renew-welcome-link';

export type RenewState = { result?: 'sent' | 'rateLimited' | 'notRenewable'; retryAfterMinutes?: number };

export async function renewWelcomeLinkAction(_previous: RenewState, formData: FormData): Promise<RenewState> {
  const result = await renewWelcomeLink({ token: String(formData.get('token') ?? ''), ip: await currentClientIp() });
  if (result.ok) return { result: 'sent' };
  if (result.code === 'rate_limited') return { result: 'rateLimited', retryAfterMinutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) };
  return { result: 'notRenewable' };
}
