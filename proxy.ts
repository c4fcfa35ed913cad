/**
 * Runs before every route (Node.js runtime in Next 16). It refuses cross-site writes and
 * sets headers that no response should be without. Authorisation is NOT decided here:
 * every page and server action checks the session and role itself.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { isCrossSiteWrite } from '@/lib/security/origin-check';

export function proxy(request: NextRequest) {
  // APP_URL is the canonical address; the address the request arrived on is also accepted
  // so that a deployment reached through its internal name still works for its own pages.
  if (isCrossSiteWrite(request, [env.APP_URL, request.nextUrl.origin])) {
    return new NextResponse('Cross-site request refused.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const response = NextResponse.next();
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  response.headers.set('X-Frame-Options', 'DENY');
  response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  // Sign-in, account and console pages are personal: never stored by a shared browser or proxy.
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
