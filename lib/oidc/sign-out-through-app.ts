/**
 * An application's logout (RP-initiated, confirmed by the person) ended the provider session:
 * one session, so the browser's Gatehouse session ends too, with every other provider session
 * made under it (their applications get their back-channel logouts), and the sign-out is
 * audited as any sign-out is.
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcSubjects, sessions } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { browserSession } from './browser-session';
import { endProviderSessions } from '@/lib/sessions/end-provider-sessions';

export async function signOutThroughApp(input: {
  clientId: string | null;
  subject: string | undefined;
}): Promise<void> {
  const session = await browserSession();
  if (!session || !input.subject) return;
  const db = await getDb();
  // Only the same person's Gatehouse session: the provider session that ended was theirs.
  const [owner] = await db
    .select({ subject: oidcSubjects.subject })
    .from(oidcSubjects)
    .where(eq(oidcSubjects.userId, session.userId));
  if (owner?.subject !== input.subject) return;
  const { clientId } = input;
  await db.transaction(async (tx) => {
    const [ended] = await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: 'signed_out' })
      .where(and(eq(sessions.id, session.sessionId), isNull(sessions.endedAt)))
      .returning({ userId: sessions.userId });
    if (!ended) return;
    await endProviderSessions(tx, { sessionIds: [session.sessionId] }, 'signed_out');
    await recordAudit(tx, {
      action: 'sign_out',
      actorId: ended.userId,
      targetId: ended.userId,
      details: { via: 'application', clientId },
    });
  });
}
