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
