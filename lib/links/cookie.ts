/**
 * Link tokens leave the address bar at once. Opening /welcome?token=… answers with a
 * redirect to /welcome that moves the token into a short-lived HttpOnly cookie scoped to
 * that page, so the token is not left in the browser history, in a Referer header, or on
 * screen. The redirect itself is sent with Referrer-Policy: no-referrer. Opening the link
 * still uses nothing: only submitting the form does.
 */
import { isWellFormedToken } from '@/lib/security/tokens';
import { isLinkPage, LINK_PURPOSES, purposeOfPage, type LinkPage } from './purposes';

export { isLinkPage, type LinkPage };

export function linkCookieName(page: LinkPage, secure: boolean): string {
  return `${secure ? '__Host-' : ''}${LINK_PURPOSES[purposeOfPage(page)].cookie}`;
}

/** 1 hour: long enough to choose a password, short enough not to linger in a shared browser. */
export const LINK_COOKIE_MAX_AGE = 3600;

/** The token to move into a cookie, when the request is a landing with a well-formed one. */
export function tokenToStash(pathname: string, search: URLSearchParams): string | null {
  if (!isLinkPage(pathname)) return null;
  const token = search.get('token');
  return isWellFormedToken(token) ? token : null;
}
