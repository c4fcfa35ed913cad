/**
 * Link tokens leave the address bar at once. Opening /welcome?token=… answers with a
 * redirect to /welcome that moves the token into a short-lived HttpOnly cookie scoped to
 * that page, so the token is not left in the browser history, in a Referer header, or on
 * screen. The redirect itself is sent with Referrer-Policy: no-referrer. Opening the link
 * still uses nothing: only submitting the form does.
 */
import { isWellFormedToken } from '@/lib/security/tokens';
import { isLinkPage, LINK_PURPOSES, purposeOfPage, type LinkPage } from './purposes';

export { isLinkPage, leaveLinkPath, pageBeingLeft, type LinkPage } from './purposes';

/**
 * Over https the name carries the __Secure- prefix (the browser then accepts it only with
 * Secure). Not __Host-: that prefix demands Path=/, and browsers silently drop a __Host-
 * cookie scoped to a page, which broke every emailed link over https.
 */
export function linkCookieName(page: LinkPage, secure: boolean): string {
  return `${secure ? '__Secure-' : ''}${LINK_PURPOSES[purposeOfPage(page)].cookie}`;
}

/** 1 hour: long enough to choose a password, short enough not to linger in a shared browser. */
export const LINK_COOKIE_MAX_AGE = 3600;

/** The cookie holding a link's token: sent only to its own page, never readable by scripts. */
export function linkCookie(page: LinkPage, secure: boolean) {
  return {
    name: linkCookieName(page, secure),
    options: { httpOnly: true, secure, sameSite: 'lax' as const, path: page, maxAge: LINK_COOKIE_MAX_AGE },
  };
}

/** The token to move into a cookie, when the request is a landing with a well-formed one. */
export function tokenToStash(pathname: string, search: URLSearchParams): string | null {
  if (!isLinkPage(pathname)) return null;
  const token = search.get('token');
  return isWellFormedToken(token) ? token : null;
}
