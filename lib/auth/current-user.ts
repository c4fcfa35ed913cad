/**
 * Guards for pages and server actions. Every protected page and action calls one of
 * these on the server; the layout or a proxy hiding a link is never the only check.
 */
import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { env } from '@/lib/env';
import { isDatabaseReachable } from '@/lib/server/readiness';
import { authCookies } from './cookies';
import type { Role } from '@/lib/db/schema';
import { auth } from './config';

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string | null;
  sessionId: string;
}

/** The signed-in person of this request, checked against the sessions table (once per request). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  if (session?.sessionId && session.user?.id) return { ...session.user, sessionId: session.sessionId };
  // next-auth turns an error inside its callbacks (the database gone while checking the
  // session row) into "no session". Someone signed in would then be sent to the sign-in
  // page as if signed out; fail instead, so the edge answers 503 "temporarily unavailable".
  // Only a request that brought a session cookie pays for the extra probe.
  const sessionCookie = authCookies(env.secureCookies).sessionToken.name;
  if ((await cookies()).has(sessionCookie) && !(await isDatabaseReachable()))
    throw new Error('The database is unreachable: cannot check the session');
  return null;
});

export const STAFF_ROLES: readonly Role[] = ['counselor', 'helpdesk', 'application_manager'];

export function homePathFor(role: Role): string {
  return STAFF_ROLES.includes(role) ? '/admin' : '/account';
}

/** For pages: sends anonymous visitors to sign in. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}

/** For pages: anonymous visitors sign in; signed-in people without the role go to their own home. */
export async function requireRole(roles: readonly Role[]): Promise<CurrentUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) redirect(homePathFor(user.role));
  return user;
}
