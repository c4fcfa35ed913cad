/**
 * The end of a password sign-in whose password was right: the session cookie that names the
 * session row verify-credentials made, and where the browser goes next. In one answer, so a
 * person lands on their page straight away: no render of "/" that only redirects again.
 *
 * The cookie is next-auth's own (same name, same encrypted token `{ sid }`, same lifetime
 * and flags), made the way its credentials callback makes it, so auth() reads it as its own.
 */
import 'server-only';
import { env } from '@/lib/env';
import type { Role } from '@/lib/db/schema';
import { authSecret } from '@/lib/security/secret';
import type { SessionStage } from '@/lib/sessions/validate-session';
import { authCookies } from './cookies';
import { safeCallbackPath } from './callback-url';
import { homePathFor, STAGE_PAGE } from './current-user';
import { encodeSessionToken } from './session-token';

export interface FinishedSignIn {
  /** A path on APP_URL. */
  destination: string;
  cookie: {
    name: string;
    value: string;
    options: {
      httpOnly: boolean;
      sameSite: 'lax';
      path: string;
      secure: boolean;
      maxAge: number;
      expires: Date;
    };
  };
}

export async function finishSignIn(input: {
  sessionId: string;
  role: Role;
  stage: SessionStage;
  /** Where the sign-in began (e.g. an application's interaction), as posted: checked here. */
  callbackUrl?: unknown;
}): Promise<FinishedSignIn> {
  const maxAge = env.SESSION_MAX_HOURS * 3600;
  const { name, options } = authCookies(env.secureCookies).sessionToken;
  // next-auth salts the key with the cookie's name; its jwt callback keeps only the session id.
  const value = await encodeSessionToken({
    token: { sid: input.sessionId },
    secret: authSecret(),
    maxAge,
    salt: name,
  });
  // An unfinished sign-in goes to its next step whatever it was asked for (as every page does).
  const destination =
    input.stage !== 'complete'
      ? STAGE_PAGE[input.stage]
      : (safeCallbackPath(input.callbackUrl, env.APP_URL) ?? homePathFor(input.role));
  return {
    destination,
    cookie: { name, value, options: { ...options, maxAge, expires: new Date(Date.now() + maxAge * 1000) } },
  };
}
