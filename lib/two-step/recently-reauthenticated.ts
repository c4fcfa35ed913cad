import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema';
import { env } from '@/lib/env';

/** Did this session's person prove who they are within the last SECOND_LOOK_MINUTES (15)? */
export async function recentlyReauthenticated(sessionId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.id, sessionId),
        isNull(sessions.endedAt),
        sql`${sessions.reauthenticatedAt} > now() - make_interval(mins => ${env.SECOND_LOOK_MINUTES})`,
      ),
    );
  return Boolean(row);
}
