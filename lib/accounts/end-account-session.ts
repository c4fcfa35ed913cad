/**
 * Staff end one session of a person (the browser on a shared computer the person called
 * about) without touching the others: listed on the console's account page, ended with a
 * reason that goes into the audit log. All of them at once: sign-out-everywhere.ts.
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { sessions } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { endProviderSessions } from '@/lib/sessions/end-provider-sessions';
import { isSessionId } from '@/lib/sessions/session-id';
import { actorId, type Actor } from './actor';
import { fail, type AccountFailure } from './errors';
import { canFixAccount } from './permissions';
import { withLockedAccount } from './steps/with-locked-account';

export async function endAccountSession(input: {
  userId: string;
  sessionId: unknown;
  reason: string;
  actor: Actor;
  ip?: string | null;
}): Promise<{ ok: true } | AccountFailure<'not_found' | 'not_allowed' | 'session_gone'>> {
  const sessionId = input.sessionId;
  if (!isSessionId(sessionId)) return fail('session_gone');
  // 1. The account, locked, and may this person fix it?
  return withLockedAccount({ userId: input.userId }, input.actor, canFixAccount, async (tx, user) => {
    // 2. End the session only if it is this account's and still open (a stale page, another
    //    account's session id: nothing changes).
    const [row] = await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: 'ended_by_staff' })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, user.id), isNull(sessions.endedAt)))
      .returning({ id: sessions.id });
    if (!row) return fail('session_gone');
    // 3. Its applications, and the log with the reason.
    await endProviderSessions(tx, { sessionIds: [sessionId] }, 'ended_by_staff');
    await recordAudit(tx, {
      action: 'account.sessions_ended',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { sessions: 1, reason: input.reason },
    });
    return { ok: true } as const;
  });
}
