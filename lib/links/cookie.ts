/**
 * Link tokens leave the address bar at once. Opening /welcome?token=… answers with a
 * redirect to /welcome that moves the token into a short-lived HttpOnly cookie named for
 * the link's purpose, so the token is not left in the browser history, in a Referer header, or on
 * screen. The redirect itself is sent with Referrer-Policy: no-referrer. Opening the link
 * still uses nothing: only submitting the form does.
 */
import { isWellFormedToken } from '@/lib/security/tokens';
import { isLinkPage, LINK_PURPOSES, purposeOfPage, type LinkPage } from './purposes';

export { isLinkPage, leaveLinkPath, pageBeingLeft, type LinkPage } from './purposes';

/**
 * Over https the name carries the __Host- prefix, so only this host can set it (issue 26,
 * finding 7): a `__Secure-` cookie may be set for the parent domain by any sibling
 * subdomain, which could plant its own valid link token (from its own account) and have a
 * person complete someone else's link. __Host- demands Path=/ and no Domain (browsers
 * silently drop one scoped to a page, the bug that once broke every emailed link over
 * https), so the cookie goes to every page; the purpose in its name keeps each link's
 * token to its own page's reader.
 */
export function linkCookieName(page: LinkPage, secure: boolean): string {
  return `${secure ? '__Host-' : ''}${LINK_PURPOSES[purposeOfPage(page)].cookie}`;
}

/** 1 hour: long enough to choose a password, short enough not to linger in a shared browser. */
export const LINK_COOKIE_MAX_AGE = 3600;

/** The cookie holding a link's token: set by this host only, never readable by scripts. */
export function linkCookie(page: LinkPage, secure: boolean) {
  return {
    name: linkCookieName(page, secure),
    options: { httpOnly: true, secure, sameSite: 'lax' as const, path: '/', maxAge: LINK_COOKIE_MAX_AGE },
  };
}

/** The token to move into a cookie, when the request is a landing with a well-formed one. */
export function tokenToStash(pathname: string, search: URLSearchParams): string | null {
  if (!isLinkPage(pathname)) return null;
  const token = search.get('token');
  return isWellFormedToken(token) ? token : null;
}
