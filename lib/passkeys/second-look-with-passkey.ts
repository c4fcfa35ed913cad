/**
 * The console's second look (lib/two-step/second-look.ts), also answered with a passkey.
 * A form that asks for the second look offers "Confirm with a passkey" beside the password
 * field (components/second-look-fields.tsx) when the person has one (the question's data
 * then says `passkey: 1`): the browser's answer arrives in the field
 * SECOND_LOOK_PASSKEY_FIELD of the same submit, with the action's own fields, so the
 * action continues where it stopped, as after a typed password. Without an answer of that
 * kind this is exactly `secondLook`.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { passkeys } from '@/lib/db/schema';
import type { CurrentUser } from '@/lib/auth/current-user';
import { currentClientIp } from '@/lib/security/current-client-ip';
import type { FormAnswer } from '@/lib/validation/form-action';
import { recentlyReauthenticated } from '@/lib/two-step/recently-reauthenticated';
import { secondLook, SECOND_LOOK_FIELD } from '@/lib/two-step/second-look';
import { confirmIdentityWithPasskey } from './confirm-identity-with-passkey';

/** The form field that carries a passkey's answer (JSON) instead of a password or code. */
export const SECOND_LOOK_PASSKEY_FIELD = 'secondLookPasskey';

export async function secondLookWithPasskey(
  user: CurrentUser,
  raw: Record<string, FormDataEntryValue>,
  keep: readonly string[] = [],
): Promise<FormAnswer | null> {
  const passkey = raw[SECOND_LOOK_PASSKEY_FIELD];
  if (typeof passkey !== 'string' || passkey === '')
    return offeringPasskey(user, await secondLook(user, raw, keep));
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
  const message = outcome === 'wrong' ? 'secondLook.passkeyWrong' : `secondLook.${outcome}`;
  return offeringPasskey(user, asked && { ...asked, message });
}

/** Marks the question so the form offers the passkey button, when the person has a passkey. */
async function offeringPasskey(user: CurrentUser, asked: FormAnswer | null): Promise<FormAnswer | null> {
  if (!asked) return null;
  const db = await getDb();
  const [own] = await db
    .select({ id: passkeys.id })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id))
    .limit(1);
  return own ? { ...asked, data: { ...asked.data, passkey: 1 } } : asked;
}
