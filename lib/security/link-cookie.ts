/**
 * Link tokens leave the address bar at once. Opening /welcome?token=… answers with a
 * redirect to /welcome that moves the token into a short-lived HttpOnly cookie scoped to
 * that page, so the token is not left in the browser history, in a Referer header, or on
 * screen. The redirect itself is sent with Referrer-Policy: no-referrer. Opening the link
 * still uses nothing: only submitting the form does.
 */
import { isWellFormedToken } from './tokens';

export const LINK_PAGES = { '/welcome': 'welcome', '/reset-password': 'reset', '/unblock': 'unblock' } as const;
export type LinkPage = keyof typeof LINK_PAGES;

export function linkCookieName(page: LinkPage, secure: boolean): string {
  return `${secure ? '__Host-' : ''}gatehouse.${LINK_PAGES[page]}-link`;
}

/** 1 hour: long enough to choose a password, short enough not to linger in a shared browser. */
export const LINK_COOKIE_MAX_AGE = 3600;

export function isLinkPage(pathname: string): pathname is LinkPage {
  return pathname in LINK_PAGES;
}

/** The token to move into a cookie, when the request is a landing with a well-formed one. */
export function tokenToStash(pathname: string, search: URLSearchParams): string | null {
  if (!isLinkPage(pathname)) return null;
  const token = search.get('token');
  return isWellFormedToken(token) ? token : null;
}
