/**
 * A person signs out one of their other browsers from /account ("Where you are signed in"):
 * a phone left signed in, a shared computer. That browser is refused at its next request
 * (validate-session.ts) and sent to sign in again; what it signed in to through Gatehouse
 * ends with it (end-provider-sessions.ts).
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { endProviderSessions } from './end-provider-sessions';
import { isSessionId } from './session-id';

export type EndOwnSessionResult =
  | { ok: true }
  /** Not a session of this person that still counts: someone else's, already ended, or made up. */
  | { ok: false; code: 'not_found' }
  /** The browser asking: that is "sign out", which also clears the cookie. */
  | { ok: false; code: 'current' };

export async function endOwnSession(input: {
  userId: string;
  sessionId: unknown;
  currentSessionId: string;
  ip?: string | null;
}): Promise<EndOwnSessionResult> {
  // 1. Only a session id can name a session; this browser's own is signed out, not ended here.
  if (!isSessionId(input.sessionId)) return { ok: false, code: 'not_found' };
  if (input.sessionId === input.currentSessionId) return { ok: false, code: 'current' };
  const sessionId = input.sessionId;
  const db = await getDb();
  return db.transaction(async (tx) => {
    // 2. End it: one conditional UPDATE, so only the person's own open session changes, and
    //    of two clicks at once one ends it and the other finds it gone.
    const [row] = await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: 'ended_by_person' })
      .where(
        and(eq(sessions.id, sessionId), eq(sessions.userId, input.userId), sql`${sessions.endedAt} is null`),
      )
      .returning({ id: sessions.id });
    if (!row) return { ok: false, code: 'not_found' } as const;
    // 3. What it signed in to ends too, and the log says who did it.
    await endProviderSessions(tx, { sessionIds: [sessionId] }, 'ended_by_person');
    await recordAudit(tx, {
      action: 'session.ended',
      actorId: input.userId,
      targetId: input.userId,
      ip: input.ip,
      details: { scope: 'one', sessions: 1 },
    });
    return { ok: true } as const;
  });
}
