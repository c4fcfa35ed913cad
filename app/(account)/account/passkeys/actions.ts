'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { StartAddPasskey } from '@/components/passkeys/add-passkey-button';
import { getSession, type CurrentUser } from '@/lib/auth/current-user';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { confirmIdentity } from '@/lib/two-step/confirm-identity';
import { recentlyReauthenticated } from '@/lib/two-step/recently-reauthenticated';
import { addPasskey } from '@/lib/passkeys/add-passkey';
import type { DeviceParts } from '@/lib/passkeys/device-name';
import { removePasskey } from '@/lib/passkeys/remove-passkey';
import { renamePasskey } from '@/lib/passkeys/rename-passkey';
import { startPasskeyCheck } from '@/lib/passkeys/start-passkey-check';
import { startPasskeyRegistration } from '@/lib/passkeys/start-passkey-registration';
import { removePasskeySchema, renamePasskeySchema } from '@/lib/validation/passkeys';
import { formAction, type FormAnswer } from '@/lib/validation/form-action';
import { minutesToWait } from '@/lib/validation/minutes-to-wait';

/**
 * Who may manage passkeys: a signed-in person, and staff who must still set up two-step
 * verification (a passkey is one way to do it, on /account/two-step). Not a session that
 * still owes its second step: that one has not shown it is the person yet.
 */
async function passkeyOwner(): Promise<CurrentUser | null> {
  const session = await getSession();
  return session && session.stage !== 'code' ? session.user : null;
}

/**
 * The options for adding a passkey. Adding one gives a new way in, so it needs a recent
 * proof that this is the person (their sign-in, or the second look within its 15 minutes):
 * otherwise it asks for the password or a code first (`confirmation`), as the console does.
 */
export async function startAddPasskeyAction(confirmation?: string): Promise<StartAddPasskey> {
  const user = await passkeyOwner();
  if (!user) return { message: 'not_active' };
  if (!(await recentlyReauthenticated(user.sessionId))) {
    if (!confirmation) return { ask: true };
    const outcome = await confirmIdentity({ user, answer: confirmation, ip: await currentClientIp() });
    if (outcome !== 'ok') return { ask: true, message: outcome };
  }
  const options = await startPasskeyRegistration({ user, sessionId: user.sessionId });
  if ('tooMany' in options) return { message: 'too_many' };
  return { options };
}

/** Stores the passkey the browser just made (its answer as JSON), named after the device. */
export async function finishAddPasskeyAction(
  response: string,
): Promise<{ ok: true; name: string } | { ok: false; message: string }> {
  const user = await passkeyOwner();
  if (!user) return { ok: false, message: 'not_active' };
  const t = await getTranslations('passkeys');
  const nameFor = (device: DeviceParts) =>
    device.kind === 'provider'
      ? device.provider
      : device.kind === 'model'
        ? device.model
        : device.kind === 'browser'
          ? t('deviceOn', { browser: device.browser, os: device.os })
          : t('unnamed');
  const result = await addPasskey({
    user,
    sessionId: user.sessionId,
    response,
    nameFor,
    userAgent: (await headers()).get('user-agent'),
    ip: await currentClientIp(),
  });
  if (!result.ok) return { ok: false, message: result.code };
  revalidatePath('/account');
  return { ok: true, name: result.name };
}

/** The options for confirming with one of one's passkeys (before removing one); null without any. */
export async function startPasskeyConfirmAction(): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const user = await passkeyOwner();
  if (!user) return null;
  return startPasskeyCheck({ userId: user.id, sessionId: user.sessionId, purpose: 'reauthenticate' });
}

/** `message`: renamed, or not_found; a bad name is a field error. */
export const renamePasskeyAction = formAction(
  renamePasskeySchema,
  async ({ passkeyId, name }): Promise<FormAnswer> => {
    const user = await passkeyOwner();
    if (!user) return { message: 'not_active' };
    const result = await renamePasskey({ userId: user.id, passkeyId, name, ip: await currentClientIp() });
    if (!result.ok) return { message: result.code };
    revalidatePath('/account');
    return { ok: true, message: 'renamed' };
  },
);

/**
 * Removes a passkey once the person confirmed with their password or a passkey. `message`:
 * none (it goes back to /account, which says it was removed), or why not (wrong, throttled with data.minutes, not_found, …).
 */
export const removePasskeyAction = formAction(
  removePasskeySchema,
  async ({ passkeyId, password, passkey }): Promise<FormAnswer> => {
    const user = await passkeyOwner();
    if (!user) return { message: 'not_active' };
    const result = await removePasskey({
      user: { id: user.id, sessionId: user.sessionId },
      passkeyId,
      confirmation: passkey ? { passkey } : { password: password ?? '' },
      ip: await currentClientIp(),
    });
    if (!result.ok)
      return result.code === 'throttled'
        ? { message: 'throttled', data: { minutes: minutesToWait(result.retryAfterSeconds) } }
        : { message: result.code };
    // The row is gone: the page says so at the top (its own query flag, not the name).
    redirect('/account?passkeyRemoved=1');
  },
);
