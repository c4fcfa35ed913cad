/**
 * Gives this browser the session cookie for a session row made by a sign-in that does not go
 * through next-auth's own sign-in (a passkey: lib/passkeys/sign-in-with-passkey.ts). The
 * cookie is exactly the one next-auth would set (its name, flags, lifetime and token format,
 * carrying only the session id), so next-auth reads it on the next request as if it had
 * made it, and signing out or ending the session works the same.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { authSecret } from '@/lib/security/secret';
import { authCookies } from './cookies';
import { encodeSessionToken } from './session-token';

export async function setSessionCookie(sessionId: string): Promise<void> {
  const { name, options } = authCookies(env.secureCookies).sessionToken;
  const maxAge = env.SESSION_MAX_HOURS * 3600;
  const value = await encodeSessionToken({
    token: { sid: sessionId },
    secret: authSecret(),
    salt: name,
    maxAge,
  });
  (await cookies()).set(name, value, { ...options, expires: new Date(Date.now() + maxAge * 1000) });
}
