/**
 * Ends every session of a person now, in the caller's transaction: the one step every flow
 * that ends trust takes (deactivation, a password reset or change, an email or role change,
 * two-step reset, "sign out everywhere").
 */
import 'server-only';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { sessions, users } from '@/lib/db/schema';
import { endProviderSessions } from './end-provider-sessions';

/**
 * Bumps session_version (so a session cookie that is still around is refused) and marks the
 * rows ended with the reason. `keep` names the one session that stays, moved to the new
 * version (a password change keeps the device it was made on). Every application the person
 * reached through Gatehouse is signed out too, the kept session's included: its provider
 * sessions end, its tokens are revoked and the applications get back-channel logouts
 * (end-provider-sessions.ts).
 */
export async function endAllSessions(tx: Db, userId: string, reason: string, keep?: string): Promise<void> {
  const [user] = await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  if (keep)
    await tx.update(sessions).set({ sessionVersion: user!.sessionVersion }).where(eq(sessions.id, keep));
  await tx
    .update(sessions)
    .set({ endedAt: sql`now()`, endReason: reason })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.endedAt), keep ? ne(sessions.id, keep) : undefined),
    );
  await endProviderSessions(tx, { userId }, reason);
}
