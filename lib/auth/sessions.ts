/**
 * Server-side sessions. The cookie only names a row here; the row decides.
 * A session is valid while: not ended, not past its absolute expiry, used within the
 * idle timeout, its user active, and the user's session_version unchanged since sign-in.
 */
import 'server-only';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '@/lib/db/rows';
import { getDb } from '@/lib/db/client';
import { sessions, users, type Role } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { secondStepOnSql } from '@/lib/sessions/second-step-on';
import { endProviderSessions } from '@/lib/sessions/end-provider-sessions';

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

export interface NewSession {
  userId: string;
  sessionVersion: number;
  /** With two-step verification on, the password alone does not finish signing in. */
  twoStepOn: boolean;
  ip?: string | null;
  userAgent?: string | null;
}

/** The INSERT of a session row, RETURNING its id: sign-in makes it in the statement that records the success. */
export function sessionInsert(input: NewSession): SQL {
  return sql`insert into ${sessions} ("user_id", "session_version", "expires_at", "ip", "user_agent", "two_step_pending", "reauthenticated_at")
    values (${input.userId}, ${input.sessionVersion}, now() + make_interval(hours => ${env.SESSION_MAX_HOURS}),
            ${input.ip ?? null}::inet, ${input.userAgent?.slice(0, 512) ?? null}, ${input.twoStepOn}, now())
    returning "id"`;
}

/** A new session for a user (tests and tools; sign-in makes its own in verifyCredentials). */
export async function startSession(input: {
  userId: string;
  sessionVersion: number;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<string> {
  const db = await getDb();
  const [user] = await db
    .select({ twoStepOn: sql<boolean>`${secondStepOnSql(users)}` })
    .from(users)
    .where(eq(users.id, input.userId));
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sessionInsert({ ...input, twoStepOn: Boolean(user?.twoStepOn) })),
  );
  return row!.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in person behind a session id, or null when the session no longer counts. */
export async function validateSession(sessionId: unknown): Promise<SessionUser | null> {
  if (typeof sessionId !== 'string' || !UUID.test(sessionId)) return null;
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
    .where(
      and(
        eq(sessions.id, sessionId),
        isNull(sessions.endedAt),
        sql`${sessions.expiresAt} > now()`,
        sql`${sessions.lastSeenAt} > now() - make_interval(mins => ${env.SESSION_IDLE_MINUTES})`,
        eq(users.status, 'active'),
        eq(users.sessionVersion, sessions.sessionVersion),
      ),
    );
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

/** Ends one session, and with it what the browser signed in to through Gatehouse (end-provider-sessions.ts). */
export async function endSession(sessionId: unknown, reason: string): Promise<{ userId: string } | null> {
  if (typeof sessionId !== 'string' || !UUID.test(sessionId)) return null;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: reason })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)))
      .returning({ userId: sessions.userId });
    if (row) await endProviderSessions(tx, { sessionIds: [sessionId] }, reason);
    return row ?? null;
  });
}
