/**
 * Delivers queued back-channel logouts (oidc_backchannel_logouts): the provider makes and
 * signs each logout token and POSTs it once, with a 2.5 s timeout; retrying is ours. Like the
 * email outbox, any number of instances share the queue: due rows are claimed in one UPDATE
 * over a FOR UPDATE SKIP LOCKED subquery, each claim with a token of its own, and a result is
 * recorded only under that token (a worker that stalled past its claim cannot mark a row that
 * another worker has claimed since). Failures are retried after 5 s, 10 s, 20 s … up to
 * 10 minutes; a logout still failing a day after it was queued is marked failed.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcBackchannelLogouts } from '@/lib/db/schema';

/** Sends one logout token; rejects when the application did not answer 200/204 in time. */
export type SendLogout = (
  clientId: string,
  subject: string,
  sid: string | null,
) => Promise<'sent' | 'client_gone'>;

const CLAIM_SECONDS = 30;
const GIVE_UP_AFTER_HOURS = 24;

export function retryAfterSeconds(failedAttempts: number): number {
  return Math.min(5 * 2 ** Math.max(failedAttempts - 1, 0), 600);
}

export const BACKCHANNEL_BATCH = 20;

export async function deliverBackchannelLogouts(
  send: SendLogout,
): Promise<{ claimed: number; sent: number; failed: number }> {
  const db = await getDb();
  const claim = randomUUID();
  const due = await db
    .update(oidcBackchannelLogouts)
    .set({
      status: 'sending',
      claimToken: claim,
      attempts: sql`${oidcBackchannelLogouts.attempts} + 1`,
      lockedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})`,
    })
    .where(
      sql`${oidcBackchannelLogouts.id} in (
        select id from ${oidcBackchannelLogouts}
        where (status in ('queued', 'retrying') and next_attempt_at <= now())
           or (status = 'sending' and locked_until < now())
        order by next_attempt_at, created_at
        limit ${BACKCHANNEL_BATCH}
        for update skip locked)`,
    )
    .returning();
  let sent = 0;
  let failed = 0;
  await Promise.all(
    due.map(async (row) => {
      const mine = and(eq(oidcBackchannelLogouts.id, row.id), eq(oidcBackchannelLogouts.claimToken, claim));
      let outcome: 'sent' | 'client_gone' | Error;
      try {
        outcome = await send(row.clientId, row.subject, row.sid);
      } catch (err) {
        outcome = err instanceof Error ? err : new Error(String(err));
      }
      if (outcome === 'sent') {
        sent++;
        await db
          .update(oidcBackchannelLogouts)
          .set({ status: 'sent', sentAt: sql`now()`, lockedUntil: null, lastError: null })
          .where(mine);
        return;
      }
      failed++;
      const error =
        outcome === 'client_gone' ? 'the application no longer takes back-channel logouts' : outcome.message;
      const giveUp =
        outcome === 'client_gone' || Date.now() - row.createdAt.getTime() > GIVE_UP_AFTER_HOURS * 3600_000;
      await db
        .update(oidcBackchannelLogouts)
        .set({
          status: giveUp ? 'failed' : 'retrying',
          lastError: error.slice(0, 500),
          lockedUntil: null,
          nextAttemptAt: sql`now() + make_interval(secs => ${retryAfterSeconds(row.attempts)})`,
        })
        .where(mine);
    }),
  );
  return { claimed: due.length, sent, failed };
}
