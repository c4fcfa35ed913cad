/**
 * Ends the provider's side of Gatehouse sessions that are ending: the provider sessions made
 * under them end, everything their applications were given (grants, refresh and access
 * tokens) is revoked, and a back-channel logout is queued for every application that
 * registered a back-channel logout URI and was signed in through one of them.
 *
 * Call it in the same transaction that ends the Gatehouse sessions (signing out, deactivation,
 * a password change or reset, staff ending a person's sessions, a person ending one of their
 * own sessions), so both end together or neither does. The logouts are delivered after the
 * commit by the worker (deliver-backchannel-logouts.ts), with retries.
 *
 * - `{ userId }`: every session of the person (their session_version was bumped): every
 *   provider session, grant and token of theirs goes, whichever Gatehouse session it was made
 *   under.
 * - `{ sessionIds }`: only what was made under these Gatehouse sessions.
 */
import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { oidcBackchannelLogouts, oidcClients, oidcPayloads, oidcSubjects } from '@/lib/db/schema';
import type { Db } from '@/lib/db/types';
import { nudgeBackchannelWorker } from '@/lib/sessions/backchannel-nudge';

export type EndedSessions = { userId: string } | { sessionIds: readonly string[] };

interface Authorization {
  sid?: string;
  grantId?: string;
}

export async function endProviderSessions(
  tx: Db,
  ended: EndedSessions,
  reason: string,
): Promise<{ providerSessions: number; logoutsQueued: number }> {
  // 1. Find: the provider sessions made under the ending Gatehouse sessions.
  let subject: string | null = null;
  if ('userId' in ended) {
    const [row] = await tx
      .select({ subject: oidcSubjects.subject })
      .from(oidcSubjects)
      .where(eq(oidcSubjects.userId, ended.userId));
    if (!row) return { providerSessions: 0, logoutsQueued: 0 }; // never signed in to an application
    subject = row.subject;
  } else if (ended.sessionIds.length === 0) {
    return { providerSessions: 0, logoutsQueued: 0 };
  }
  const sessions = await tx
    .delete(oidcPayloads)
    .where(
      and(
        eq(oidcPayloads.model, 'Session'),
        subject !== null
          ? eq(oidcPayloads.accountId, subject)
          : inArray(oidcPayloads.gatehouseSessionId, [...(ended as { sessionIds: string[] }).sessionIds]),
      ),
    )
    .returning({ accountId: oidcPayloads.accountId, payload: oidcPayloads.payload });

  // 2. Revoke: every grant those sessions gave, and with the person's whole sessions ending,
  //    anything else of theirs (a grant whose session was already gone).
  const logouts: { clientId: string; subject: string; sid: string | null }[] = [];
  const grantIds = new Set<string>();
  for (const session of sessions) {
    if (!session.accountId) continue;
    const authorizations = (session.payload.authorizations ?? {}) as Record<string, Authorization>;
    for (const [clientId, authorization] of Object.entries(authorizations)) {
      if (authorization.grantId) grantIds.add(authorization.grantId);
      logouts.push({ clientId, subject: session.accountId, sid: authorization.sid ?? null });
    }
  }
  if (grantIds.size) {
    await tx.delete(oidcPayloads).where(inArray(oidcPayloads.grantId, [...grantIds]));
    await tx
      .delete(oidcPayloads)
      .where(and(eq(oidcPayloads.model, 'Grant'), inArray(oidcPayloads.id, [...grantIds])));
  }
  if (subject !== null)
    await tx
      .delete(oidcPayloads)
      .where(and(eq(oidcPayloads.accountId, subject), sql`${oidcPayloads.model} <> 'Interaction'`));

  // 3. Queue: one back-channel logout per application that asked for them.
  if (logouts.length === 0) return { providerSessions: sessions.length, logoutsQueued: 0 };
  const listening = await tx
    .select({ clientId: oidcClients.clientId })
    .from(oidcClients)
    .where(
      and(
        inArray(oidcClients.clientId, [...new Set(logouts.map((l) => l.clientId))]),
        sql`${oidcClients.backchannelLogoutUri} is not null`,
      ),
    );
  const toNotify = logouts.filter((l) => listening.some((c) => c.clientId === l.clientId));
  if (toNotify.length) {
    await tx.insert(oidcBackchannelLogouts).values(toNotify.map((l) => ({ ...l, reason })));
    nudgeBackchannelWorker();
  }
  return { providerSessions: sessions.length, logoutsQueued: toNotify.length };
}
