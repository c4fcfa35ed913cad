import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { sessions } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { endAllSessions } from '@/lib/sessions/end-all-sessions';
import { actorId, type Actor } from './actor';
import type { AccountFailure } from './errors';
import { canFixAccount } from './permissions';
import { withLockedAccount } from './steps/with-locked-account';

/**
 * Staff sign a person out everywhere (a lost phone, a shared computer left signed in)
 * without deactivating them or touching their password: every open session ends and
 * session_version moves on, so a session cookie still in some browser is refused at its
 * next request. The person can sign in again at once.
 */
export async function signOutEverywhere(input: {
  userId: string;
  actor: Actor;
  /** Why, for the audit log (the console asks for one). */
  reason?: string;
  ip?: string | null;
}): Promise<{ ok: true; ended: number } | AccountFailure> {
  return withLockedAccount({ userId: input.userId }, input.actor, canFixAccount, async (tx, user) => {
    const open = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, user.id), isNull(sessions.endedAt)));
    await endAllSessions(tx, user.id, 'ended_by_staff');
    await recordAudit(tx, {
      action: 'account.sessions_ended',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { sessions: open.length, ...(input.reason ? { reason: input.reason } : {}) },
    });
    return { ok: true, ended: open.length } as const;
  });
}
