/**
 * A session that owed the second step (a code or a passkey after the password) is complete,
 * and counts as just re-authenticated. Only while it is still this person's open session.
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema';

export async function completeSecondStep(input: { sessionId: string; userId: string }): Promise<void> {
  const db = await getDb();
  await db
    .update(sessions)
    .set({ twoStepPending: false, reauthenticatedAt: sql`now()` })
    .where(
      and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId), isNull(sessions.endedAt)),
    );
}
