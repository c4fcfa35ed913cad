/**
 * The console's second look (lib/two-step/second-look.ts), also answered with a passkey.
 * A form that asks for the second look offers "Confirm with a passkey" beside the password
 * field (components/passkeys/second-look-passkey.tsx): the browser's answer arrives in the
 * field SECOND_LOOK_PASSKEY_FIELD of the same submit, with the action's own fields, so the
 * action continues where it stopped, as after a typed password. Without an answer of that
 * kind this is exactly `secondLook`.
 */
import 'server-only';
import type { CurrentUser } from '@/lib/auth/current-user';
import { currentClientIp } from '@/lib/security/current-client-ip';
import type { FormAnswer } from '@/lib/validation/form-action';
import { recentlyReauthenticated, secondLook, SECOND_LOOK_FIELD } from '@/lib/two-step/second-look';
import { confirmIdentityWithPasskey } from './confirm-identity-with-passkey';

/** The form field that carries a passkey's answer (JSON) instead of a password or code. */
export const SECOND_LOOK_PASSKEY_FIELD = 'secondLookPasskey';

export async function secondLookWithPasskey(
  user: CurrentUser,
  raw: Record<string, FormDataEntryValue>,
  keep: readonly string[] = [],
): Promise<FormAnswer | null> {
  const passkey = raw[SECOND_LOOK_PASSKEY_FIELD];
  if (typeof passkey !== 'string' || passkey === '') return secondLook(user, raw, keep);
  if (await recentlyReauthenticated(user.sessionId)) return null;
  const outcome = await confirmIdentityWithPasskey({
    user,
    response: passkey,
    during: 'second_look',
    ip: await currentClientIp(),
  });
  if (outcome === 'ok') return null;
  // The same question again (the action's fields kept), saying what went wrong.
  const asked = await secondLook(user, { ...raw, [SECOND_LOOK_FIELD]: '' }, keep);
  return asked && { ...asked, message: `secondLook.${outcome}` };
}
