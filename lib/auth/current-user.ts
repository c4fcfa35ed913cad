/**
 * Guards for pages and server actions. Every protected page and action calls one of
 * these on the server; the layout or a proxy hiding a link is never the only check.
 *
 * A session counts as signed in only once it is complete: one that still owes a code from
 * the authenticator app, or must first set up two-step verification, reaches only the
 * page for that step (see SessionStage).
 */
import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { env } from '@/lib/env';
import { isDatabaseReachable } from '@/lib/runtime/readiness';
import { authCookies } from './cookies';
import type { Role } from '@/lib/db/schema';
import { auth } from './config';
import type { SessionStage } from '@/lib/sessions/validate-session';

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: string | null;
  sessionId: string;
}

/** The session of this request at whatever stage, checked against the sessions table (once per request). */
export const getSession = cache(async (): Promise<{ user: CurrentUser; stage: SessionStage } | null> => {
  // No session cookie, no session: next-auth is not asked (it would make and hash a CSRF
  // token for nothing, ~1 ms of every anonymous page). next-auth splits a cookie too large
  // for one into name.0, name.1, …; ours carries only a session id, but both forms count.
  const sessionCookie = authCookies(env.secureCookies).sessionToken.name;
  const jar = await cookies();
  const hasCookie = jar
    .getAll()
    .some((c) => c.name === sessionCookie || c.name.startsWith(`${sessionCookie}.`));
  if (!hasCookie) return null;
  const session = await auth();
  if (session?.sessionId && session.user?.id)
    return { user: { ...session.user, sessionId: session.sessionId }, stage: session.stage };
  // next-auth turns an error inside its callbacks (the database gone while checking the
  // session row) into "no session". Someone signed in would then be sent to the sign-in
  // page as if signed out; fail instead, so the edge answers 503 "temporarily unavailable".
  if (!(await isDatabaseReachable()))
    throw new Error('The database is unreachable: cannot check the session');
  return null;
});

/** The signed-in person of this request: null unless the session is complete. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getSession();
  return session?.stage === 'complete' ? session.user : null;
});

export const STAFF_ROLES: readonly Role[] = ['counselor', 'helpdesk', 'application_manager'];

export function homePathFor(role: Role): string {
  return STAFF_ROLES.includes(role) ? '/admin' : '/account';
}

/** Where a session at this stage belongs. */
export const STAGE_PAGE: Record<Exclude<SessionStage, 'complete'>, string> = {
  code: '/login/code',
  enrol: '/account/two-step',
};

/** For pages: sends anonymous visitors to sign in, and unfinished sign-ins to their next step. */
export async function requireUser(): Promise<CurrentUser> {
  const session = await getSession();
  if (!session) redirect('/login');
  if (session.stage !== 'complete') redirect(STAGE_PAGE[session.stage]);
  return session.user;
}

/** For pages: anonymous visitors sign in; signed-in people without the role go to their own home. */
export async function requireRole(roles: readonly Role[]): Promise<CurrentUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) redirect(homePathFor(user.role));
  return user;
}
