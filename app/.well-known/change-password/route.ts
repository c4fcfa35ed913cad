/**
 * /.well-known/change-password (W3C "A Well-Known URL for Changing Passwords"): password
 * managers send people here to change a password they saved. It redirects to the page that
 * does it; someone not signed in is asked to sign in first and then lands there.
 */
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  // Built from APP_URL, never from the request's Host (README: every URL the app makes).
  return new Response(null, {
    status: 302,
    headers: { location: new URL('/account/password', env.APP_URL).toString() },
  });
}
