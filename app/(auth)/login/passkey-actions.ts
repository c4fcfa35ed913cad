'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { env } from '@/lib/env';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { homePathFor } from '@/lib/auth/current-user';
import { finishSignIn } from '@/lib/auth/finish-sign-in';
import { browserCookie } from '@/lib/sessions/browser-cookie';
import { continueAfterSignIn } from '@/lib/oidc/continue-after-sign-in';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { validateSession } from '@/lib/sessions/validate-session';
import { signInWithPasskey } from '@/lib/passkeys/sign-in-with-passkey';
import { startPasskeySignIn } from '@/lib/passkeys/start-passkey-sign-in';
import { minutesToWait } from '@/lib/validation/minutes-to-wait';

/** The options for "Use a passkey" and for the email field's autofill. */
export async function startPasskeySignInAction(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return startPasskeySignIn();
}

/**
 * Signs in with the browser's answer (JSON). On success: the session cookie and the
 * destination exactly as after a password (lib/auth/finish-sign-in.ts, and the same
 * callbackUrl / gatehouse.continue rule as app/(auth)/login/password/route.ts). Otherwise the
 * answer says why, in the sign-in form's words: `message` is invalid, expired, replayed,
 * unknown_passkey, deactivated, blocked or throttled (with minutes).
 */
export async function passkeySignInAction(
  response: string,
  callbackUrl?: string,
): Promise<{ message: string; minutes?: number }> {
  const result = await signInWithPasskey({
    response,
    ip: await currentClientIp(),
    userAgent: (await headers()).get('user-agent'),
  });
  if (!result.ok)
    return result.reason === 'throttled'
      ? { message: 'throttled', minutes: minutesToWait(result.retryAfterSeconds) }
      : { message: result.reason };
  // The session row just made, as every request will see it (its role and stage).
  const session = await validateSession(result.sessionId);
  if (!session) return { message: 'invalid' };
  const jar = await cookies();
  const {
    destination,
    cookie,
    browserCookie: browser,
  } = await finishSignIn({
    sessionId: result.sessionId,
    role: session.role,
    stage: session.stage,
    callbackUrl:
      safeCallbackPath(callbackUrl, env.APP_URL) ?? (await continueAfterSignIn(homePathFor(session.role))),
    browserToken: jar.get(browserCookie(env.secureCookies).name)?.value,
  });
  jar.set(cookie.name, cookie.value, cookie.options);
  jar.set(browser.name, browser.value, browser.options);
  redirect(destination);
}
