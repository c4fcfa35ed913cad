/**
 * Runs before every route (Node.js runtime in Next 16). It refuses cross-site writes, sets
 * a Content-Security-Policy with a fresh nonce, and the headers no response should be
 * without. Authorisation is NOT decided here: every page and server action checks the
 * session and role itself.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { crossSiteRefusal, isCrossSiteWrite } from '@/lib/http/origin-check';
import { answerHeaders, newNonce } from '@/lib/http/headers';
import { linkCookie, pageBeingLeft, tokenToStash, type LinkPage } from '@/lib/links/cookie';

export function proxy(request: NextRequest) {
  // Writes are taken only from pages of the platform's own address (APP_URL). A browser on
  // another name for this server gets a plain refusal naming the right address (Next.js
  // itself would answer such a server action with a 500).
  if (isCrossSiteWrite(request, [env.APP_URL])) {
    return new NextResponse(crossSiteRefusal(env.APP_URL), {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const stash =
    request.method === 'GET' ? tokenToStash(request.nextUrl.pathname, request.nextUrl.searchParams) : null;
  if (stash) {
    // Every address the app hands out is built from APP_URL, never from the request.
    const clean = new URL(request.nextUrl.pathname, env.APP_URL);
    for (const [name, value] of request.nextUrl.searchParams)
      if (name !== 'token') clean.searchParams.append(name, value);
    const redirect = NextResponse.redirect(clean, 303);
    const cookie = linkCookie(request.nextUrl.pathname as LinkPage, env.secureCookies);
    redirect.cookies.set(cookie.name, stash, cookie.options);
    redirect.headers.set('Referrer-Policy', 'no-referrer');
    redirect.headers.set('Cache-Control', 'no-store');
    return redirect;
  }
  const left = request.method === 'GET' ? pageBeingLeft(request.nextUrl.pathname) : null;
  if (left) {
    // "Back to sign in" from a link page: the link's cookie is forgotten on the way out.
    const redirect = NextResponse.redirect(new URL('/login', env.APP_URL), 303);
    const cookie = linkCookie(left, env.secureCookies);
    redirect.cookies.set(cookie.name, '', { ...cookie.options, maxAge: 0 });
    redirect.headers.set('Cache-Control', 'no-store');
    return redirect;
  }
  const nonce = newNonce();
  const headers = answerHeaders(request.nextUrl.pathname, nonce, {
    https: env.secureCookies,
    development: env.NODE_ENV === 'development',
  });
  // Next.js reads the policy from the request to put the nonce on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
