'use server';

import { currentClientIp } from '@/lib/auth/request-context';
import { emailField } from '@/lib/validation/fields';
import type { LinkProblemState } from '@/lib/links/links';
import { requestUnblockLink, unblockWithLink } from '@/lib/accounts/unblock-sign-in';

export type UnblockState = { done?: boolean; linkState?: LinkProblemState };

export async function unblockAction(_previous: UnblockState, formData: FormData): Promise<UnblockState> {
  const token = formData.get('token');
  const result = await unblockWithLink({ token: typeof token === 'string' ? token : '', ip: await currentClientIp() });
  return result.ok ? { done: true } : { linkState: result.linkState };
}

/** From the sign-in page: always the same answer, whatever the address. */
export async function requestUnblockAction(_previous: { sent?: boolean }, formData: FormData): Promise<{ sent: boolean }> {
  const email = emailField.safeParse(formData.get('email'));
  if (email.success) await requestUnblockLink({ email: email.data, ip: await currentClientIp() });
  return { sent: true };
}
