import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema';
import { endProviderSessions } from './end-provider-sessions';
import { isSessionId } from './session-id';

/** Ends one session, and with it what the browser signed in to through Gatehouse (end-provider-sessions.ts). */
export async function endSession(sessionId: unknown, reason: string): Promise<{ userId: string } | null> {
  if (!isSessionId(sessionId)) return null;
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
