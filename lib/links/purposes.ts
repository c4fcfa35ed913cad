/**
 * The one table of link purposes: which page a link opens, how long it works and the name
 * of the cookie that carries its token on that page. Pure, so proxy.ts and the security
 * headers read it too.
 */
import type { TokenPurpose } from '@/lib/db/schema';

export const LINK_PURPOSES = {
  welcome: { page: '/welcome', lifetime: '7 days', cookie: 'gatehouse.welcome-link' },
  reset: { page: '/reset-password', lifetime: '1 hour', cookie: 'gatehouse.reset-link' },
  unblock: { page: '/unblock', lifetime: '1 hour', cookie: 'gatehouse.unblock-link' },
  confirm_email: { page: '/confirm-email', lifetime: '24 hours', cookie: 'gatehouse.confirm-email-link' },
  cancel_email_change: {
    page: '/cancel-email-change',
    lifetime: '24 hours',
    cookie: 'gatehouse.cancel-email-change-link',
  },
  // A notice may be read days later (after a weekend away): a week, like a welcome.
  secure_account: { page: '/secure-account', lifetime: '7 days', cookie: 'gatehouse.secure-account-link' },
} as const satisfies Record<TokenPurpose, { page: string; lifetime: string; cookie: string }>;

export type LinkPage = (typeof LINK_PURPOSES)[TokenPurpose]['page'];

export const LINK_PAGES: readonly LinkPage[] = Object.values(LINK_PURPOSES).map((p) => p.page);

export function isLinkPage(pathname: string): pathname is LinkPage {
  return (LINK_PAGES as readonly string[]).includes(pathname);
}

export function purposeOfPage(page: LinkPage): TokenPurpose {
  return (Object.keys(LINK_PURPOSES) as TokenPurpose[]).find(
    (purpose) => LINK_PURPOSES[purpose].page === page,
  )!;
}

/**
 * The address that leaves a link page for the sign-in page, forgetting the link's cookie.
 * Here, not in cookie.ts: the "Back to sign in" link uses it in the browser, and cookie.ts
 * imports the token helpers (node:crypto, ~130 KB gzipped of polyfill in a browser bundle).
 */
export function leaveLinkPath(page: LinkPage): string {
  return `${page}/leave`;
}

/** The link page whose cookie a request to `<page>/leave` asks to forget, if it is one. */
export function pageBeingLeft(pathname: string): LinkPage | null {
  const page = pathname.endsWith('/leave') ? pathname.slice(0, -'/leave'.length) : '';
  return isLinkPage(page) ? page : null;
}
