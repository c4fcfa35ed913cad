/**
 * "Since your last visit", shown after signing in: when the person signed in before this
 * session began, and how many failed sign-ins on their account there were in between. A
 * person who sees failures they did not make knows someone is trying their password before
 * anything else gives it away. Read from the audit log (kept longer than ended sessions).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/rows';
import { auditEvents, sessions } from '@/lib/db/schema';

export interface SinceLastVisit {
  /** The sign-in before this session's; null on the first one (or one older than the log). */
  previousSignInAt: Date | null;
  /** Failed sign-ins on this account between that one and this session's. */
  failedSince: number;
  /** More failures than a person mistyping makes: worth changing the password. */
  unusual: boolean;
}

/** Two or three typos happen; more than this in between is worth a second look. */
export const UNUSUAL_FAILURES = 3;

export async function sinceLastVisit(sessionId: string): Promise<SinceLastVisit | null> {
  const db = await getDb();
  // One statement, in the database's own microsecond times: this session's start (its
  // sign-in is logged in the same statement, at the same instant), the sign-in before it,
  // and the failures in between (every one before a first sign-in).
  const [row] = rowsOf<{ previous: string | Date | null; failed: number }>(
    await db.execute(sql`with this as (
        select ${sessions.userId} as user_id, ${sessions.createdAt} as started from ${sessions} where ${sessions.id} = ${sessionId}
      ), previous as (
        select max(a.at) as at from ${auditEvents} a, this
        where a.target_id = this.user_id and a.action = 'sign_in.succeeded' and a.at < this.started
      )
      select previous.at as previous,
        (select count(*)::int from ${auditEvents} f, this
          where f.target_id = this.user_id and f.action = 'sign_in.failed' and f.at < this.started
            and f.at > coalesce(previous.at, '-infinity')) as failed
      from this, previous`),
  );
  if (!row) return null;
  const failedSince = Number(row.failed);
  return {
    previousSignInAt: row.previous ? new Date(row.previous) : null,
    failedSince,
    unusual: failedSince >= UNUSUAL_FAILURES,
  };
}
