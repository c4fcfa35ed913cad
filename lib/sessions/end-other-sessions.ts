/**
 * "Sign out everywhere else" from /account: every session of the person ends except the
 * browser asking. Unlike end-all-sessions.ts (a password change, a deactivation) trust in
 * the person has not changed, so session_version stays and this browser's applications stay
 * signed in; only the other sessions, and what was signed in to through them, end.
 */
import 'server-only';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { endProviderSessions } from './end-provider-sessions';

export async function endOtherSessions(input: {
  userId: string;
  currentSessionId: string;
  ip?: string | null;
}): Promise<{ ended: number }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // 1. End every open session of the person but this one, in one statement.
    const ended = await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: 'ended_by_person' })
      .where(
        and(
          eq(sessions.userId, input.userId),
          isNull(sessions.endedAt),
          ne(sessions.id, input.currentSessionId),
        ),
      )
      .returning({ id: sessions.id });
    if (ended.length === 0) return { ended: 0 };
    // 2. Their applications are signed out too, and the log says how many ended.
    await endProviderSessions(tx, { sessionIds: ended.map((s) => s.id) }, 'ended_by_person');
    await recordAudit(tx, {
      action: 'session.ended',
      actorId: input.userId,
      targetId: input.userId,
      ip: input.ip,
      details: { scope: 'others', sessions: ended.length },
    });
    return { ended: ended.length };
  });
}
