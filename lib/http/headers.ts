/**
 * Response headers every page gets, and the Content-Security-Policy with a per-request
 * nonce: scripts run only when they carry it (Next.js puts it on its own scripts when it
 * finds the policy on the request), so an injected inline script does not run.
 */
import { LINK_PAGES } from '@/lib/links/purposes';

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(
  nonce: string,
  options: { https: boolean; development: boolean },
): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts loaded by a nonced script (Next's chunks) may run; nothing else.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    // Styles may be inline (React style attributes); they cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * Link pages send no Referer to any other site. (Their token never stays in the address:
 * see lib/links/cookie.ts; the redirect that removes it is sent with no-referrer. The form page
 * itself uses same-origin, because browsers send `Origin: null` on a form post from a
 * no-referrer page, and such posts are refused as cross-site.)
 */

export function securityHeaders(pathname: string, options: { https: boolean }): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': LINK_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`))
      ? 'same-origin'
      : 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    // Sign-in, account and console pages are personal: never stored by a shared browser or proxy.
    'Cache-Control': 'no-store',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

/** Everything proxy.ts puts on an answer (the edge too, for what it answers without Next): the security headers and the CSP with `nonce`. */
export function answerHeaders(
  pathname: string,
  nonce: string,
  options: { https: boolean; development: boolean },
): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(nonce, options),
    ...securityHeaders(pathname, { https: options.https }),
  };
}
