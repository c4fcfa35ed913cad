/**
 * The one rule for "this session still counts", as SQL over a sessions row joined to its
 * user: not ended, not past its absolute expiry, used within the idle timeout, its person
 * active, and their session_version unchanged since it began. validate-session.ts lets a
 * request through by it and list-active-sessions.ts shows a person exactly those sessions,
 * so the list never shows one that would be refused, nor hides one that would be let in.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { sessions, users } from '@/lib/db/schema';
import { env } from '@/lib/env';

export function sessionIsActiveSql(): SQL {
  return and(
    isNull(sessions.endedAt),
    sql`${sessions.expiresAt} > now()`,
    sql`${sessions.lastSeenAt} > now() - make_interval(mins => ${env.SESSION_IDLE_MINUTES})`,
    eq(users.status, 'active'),
    eq(users.sessionVersion, sessions.sessionVersion),
  )!;
}
