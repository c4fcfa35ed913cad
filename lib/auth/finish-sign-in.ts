/**
 * The end of a password sign-in whose password was right: the session cookie that names the
 * session row verify-credentials made, and where the browser goes next. In one answer, so a
 * person lands on their page straight away: no render of "/" that only redirects again.
 *
 * The cookie is next-auth's own (same name, same encrypted token `{ sid }`, same lifetime
 * and flags), made the way its credentials callback makes it, so auth() reads it as its own.
 * Beside it, the browser's own long-lived cookie: a browser this account has not used before
 * is told to the owner by email here, where every kind of sign-in starts its session
 * (lib/auth/notice-new-browser.ts).
 */
import 'server-only';
import { env } from '@/lib/env';
import type { Role } from '@/lib/db/schema';
import { authSecret } from '@/lib/security/secret';
import type { SessionStage } from '@/lib/sessions/validate-session';
import { browserCookie } from '@/lib/sessions/browser-cookie';
import { noticeNewBrowser } from './notice-new-browser';
import { authCookies } from './cookies';
import { safeCallbackPath } from './callback-url';
import { homePathFor, STAGE_PAGE } from './current-user';
import { encodeSessionToken } from './session-token';

interface CookieToSet {
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
}

export interface FinishedSignIn {
  /** A path on APP_URL. */
  destination: string;
  cookie: CookieToSet;
  /** The browser's own cookie (kept, or new), renewed at every sign-in. */
  browserCookie: CookieToSet;
}

export async function finishSignIn(input: {
  sessionId: string;
  role: Role;
  stage: SessionStage;
  /** Where the sign-in began (e.g. an application's interaction), as posted: checked here. */
  callbackUrl?: unknown;
  /** The browser cookie's value as the request brought it (browserCookie(…).name). */
  browserToken: string | undefined;
}): Promise<FinishedSignIn> {
  const browser = await noticeNewBrowser({ sessionId: input.sessionId, browserToken: input.browserToken });
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
  const kept = browserCookie(env.secureCookies);
  return {
    destination,
    cookie: { name, value, options: { ...options, maxAge, expires: new Date(Date.now() + maxAge * 1000) } },
    browserCookie: {
      name: kept.name,
      value: browser.browserToken,
      options: { ...kept.options, expires: new Date(Date.now() + kept.options.maxAge * 1000) },
    },
  };
}
