/**
 * Server-side sessions: the cookie only names a row in `sessions`; the row decides
 * (validate-session.ts). A row is made here, ended by end-session.ts (one) or
 * end-all-sessions.ts (every session of a person).
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { sessions } from '@/lib/db/schema';
import { env } from '@/lib/env';

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
