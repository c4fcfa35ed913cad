/**
 * Runs before every route (Node.js runtime in Next 16). It refuses cross-site writes, sets
 * a Content-Security-Policy with a fresh nonce, and the headers no response should be
 * without. Authorisation is NOT decided here: every page and server action checks the
 * session and role itself.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { isCrossSiteWrite } from '@/lib/security/origin-check';
import { contentSecurityPolicy, newNonce, securityHeaders } from '@/lib/security/headers';
import { LINK_COOKIE_MAX_AGE, linkCookieName, tokenToStash, type LinkPage } from '@/lib/links/cookie';

export function proxy(request: NextRequest) {
  // APP_URL is the canonical address; the address the request arrived on is also accepted
  // so that a deployment reached through its internal name still works for its own pages.
  if (isCrossSiteWrite(request, [env.APP_URL, request.nextUrl.origin])) {
    return new NextResponse('Cross-site request refused.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const stash = request.method === 'GET' ? tokenToStash(request.nextUrl.pathname, request.nextUrl.searchParams) : null;
  if (stash) {
    const clean = request.nextUrl.clone();
    clean.searchParams.delete('token');
    const redirect = NextResponse.redirect(clean, 303);
    redirect.cookies.set(linkCookieName(request.nextUrl.pathname as LinkPage, env.secureCookies), stash, {
      httpOnly: true,
      secure: env.secureCookies,
      sameSite: 'lax',
      path: request.nextUrl.pathname,
      maxAge: LINK_COOKIE_MAX_AGE,
    });
    redirect.headers.set('Referrer-Policy', 'no-referrer');
    redirect.headers.set('Cache-Control', 'no-store');
    return redirect;
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { https: env.secureCookies, development: env.NODE_ENV === 'development' });
  // Next.js reads the policy from the request to put the nonce on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(securityHeaders(request.nextUrl.pathname, { https: env.secureCookies }))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
