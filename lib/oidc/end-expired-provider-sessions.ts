/**
 * Provider sessions whose Gatehouse session has ended by itself (idle, past its maximum age)
 * or by any way that did not call endProviderSessions: they are already useless (the adapter
 * no longer finds them), and this sweep makes it official: their grants and tokens go and their
 * applications get a back-channel logout, so an application's session ends when Gatehouse's
 * does. The worker runs it every minute.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/rows';
import { env } from '@/lib/env';
import { endProviderSessions } from '@/lib/sessions/end-provider-sessions';

const BATCH = 200;

export async function endExpiredProviderSessions(): Promise<number> {
  const db = await getDb();
  // The same rules as validateSession (lib/sessions/validate-session.ts), as one query over the provider's sessions.
  const stale = rowsOf<{ id: string }>(
    await db.execute(sql`select distinct p.gatehouse_session_id as id
      from oidc_payloads p
      left join sessions s on s.id = p.gatehouse_session_id
      left join users u on u.id = s.user_id
      where p.model = 'Session' and p.gatehouse_session_id is not null
        and (s.id is null or s.ended_at is not null or s.expires_at <= now()
          or s.last_seen_at <= now() - make_interval(mins => ${env.SESSION_IDLE_MINUTES})
          or u.status <> 'active' or u.session_version <> s.session_version)
      limit ${BATCH}`),
  ).map((r) => r.id);
  if (stale.length === 0) return 0;
  const ended = await db.transaction((tx) =>
    endProviderSessions(tx, { sessionIds: stale }, 'session_expired'),
  );
  return ended.providerSessions;
}
