/**
 * The cookie that lets Gatehouse recognise a browser it has seen before (known_browsers):
 * 32 random bytes, kept only as their sha256 on our side. It outlives sessions and
 * sign-outs on purpose: "have we seen this browser?" is asked at the next sign-in. 400 days
 * is the longest a browser keeps a cookie (Chrome caps Max-Age there); every sign-in renews it.
 * __Host- over https, so no sibling subdomain can plant a cookie of a browser it knows.
 */
export const BROWSER_COOKIE_MAX_AGE = 400 * 24 * 3600;

export function browserCookie(secure: boolean) {
  return {
    name: `${secure ? '__Host-' : ''}gatehouse.browser`,
    options: {
      httpOnly: true,
      secure,
      sameSite: 'lax' as const,
      path: '/',
      maxAge: BROWSER_COOKIE_MAX_AGE,
    },
  };
}
