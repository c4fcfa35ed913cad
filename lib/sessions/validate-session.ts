/**
 * A session is valid while: not ended, not past its absolute expiry, used within the idle
 * timeout, its user active, and the user's session_version unchanged since sign-in
 * (session-is-active.ts).
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions, users, type Role } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { secondStepOnSql } from './second-step-on';
import { isSessionId } from './session-id';
import { sessionIsActiveSql } from './session-is-active';

/**
 * How far this session got: `code` owes the second step (the password was right, a code
 * from the app is still needed); `enrol` must set up two-step verification first (its role
 * requires it); `complete` is signed in. Only `complete` counts as signed in
 * (lib/auth/current-user.ts).
 */
export type SessionStage = 'code' | 'enrol' | 'complete';

export interface SessionUser {
  sessionId: string;
  stage: SessionStage;
  userId: string;
  email: string;
  name: string;
  role: Role;
  locale: string | null;
}

/** Refreshing last_seen_at on every request would be a write per request; once a minute is enough. */
const TOUCH_AFTER_SECONDS = 60;

/** The signed-in person behind a session id, or null when the session no longer counts. */
export async function validateSession(sessionId: unknown): Promise<SessionUser | null> {
  if (!isSessionId(sessionId)) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      twoStepPending: sessions.twoStepPending,
      // Codes from an app, or (for a role that requires two-step verification) a passkey.
      twoStepOn: sql<boolean>`${secondStepOnSql(users)}`,
      stale: sql<boolean>`${sessions.lastSeenAt} < now() - make_interval(secs => ${TOUCH_AFTER_SECONDS})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), sessionIsActiveSql()));
  if (!row) return null;
  if (row.stale)
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(sessions.id, sessionId));
  return {
    sessionId,
    stage: row.twoStepPending
      ? 'code'
      : !row.twoStepOn && env.REQUIRE_TWO_STEP_ROLES.includes(row.role)
        ? 'enrol'
        : 'complete',
    userId: row.userId,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
  };
}
