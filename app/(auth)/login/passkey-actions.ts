'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { setSessionCookie } from '@/lib/auth/set-session-cookie';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { signInWithPasskey } from '@/lib/passkeys/sign-in-with-passkey';
import { startPasskeySignIn } from '@/lib/passkeys/start-passkey-sign-in';

/** The options for "Sign in with a passkey" and for the email field's autofill. */
export async function startPasskeySignInAction(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return startPasskeySignIn();
}

/**
 * Signs in with the browser's answer (JSON). On success the session cookie is set and the
 * browser is sent on; otherwise the answer says why, in the sign-in form's words:
 * `message` is invalid, expired, replayed, unknown_passkey, deactivated, blocked or throttled
 * (with minutes).
 */
export async function passkeySignInAction(response: string): Promise<{ message: string; minutes?: number }> {
  const result = await signInWithPasskey({
    response,
    ip: await currentClientIp(),
    userAgent: (await headers()).get('user-agent'),
  });
  if (!result.ok)
    return result.reason === 'throttled'
      ? { message: 'throttled', minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) }
      : { message: result.reason };
  await setSessionCookie(result.sessionId);
  // Where a password sign-in lands too: "/" sends the person on to the application that
  // sent them (the gatehouse.continue cookie), else to their home (app/page.tsx).
  redirect('/');
}
