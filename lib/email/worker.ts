/**
 * The delivery worker: claims due outbox rows and sends them.
 *
 * Claiming is one UPDATE over a `FOR UPDATE SKIP LOCKED` subquery, so any number of
 * workers (one per app instance) share the outbox without sending a row twice. A claim
 * lapses after EMAIL_CLAIM_SECONDS, so a worker that dies mid-send does not strand its rows.
 * Failures retry with exponential backoff from 1 minute up to 1 hour; a row still
 * failing 24 hours after it was queued is marked failed for staff to see.
 *
 * The worker also prunes expired rows (lib/db/prune.ts) on its first sweep and then every
 * hour: it already runs in every instance and on a timer.
 */
import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { emailOutbox, type EmailOutboxRow } from '@/lib/db/schema';
import { pruneExpiredRows } from '@/lib/db/prune';
import { unseal } from '@/lib/security/sealed';
import { renderEmail, type EmailMessage } from './render';
import type { Transport } from './transports';
import { bounceAddressFor, messageIdFor } from './sender';
import { env } from '@/lib/env';
import { logDelivery } from '@/lib/observability/log';
import { metrics } from '@/lib/observability/metrics';

const PRUNE_EVERY_SECONDS = 3600;
const GIVE_UP_AFTER_HOURS = 24;

/** Seconds to wait before attempt n+1 after n failed attempts: 60, 120, 240, … capped at 3600 (EMAIL_RETRY_SECONDS sets the first). */
export function backoffSeconds(failedAttempts: number, first = env.EMAIL_RETRY_SECONDS): number {
  return Math.min(first * 2 ** Math.max(failedAttempts - 1, 0), 3600);
}

async function claimDue(db: Db, limit: number): Promise<EmailOutboxRow[]> {
  return db
    .update(emailOutbox)
    .set({
      status: 'sending',
      attempts: sql`${emailOutbox.attempts} + 1`,
      lockedUntil: sql`now() + make_interval(secs => ${env.EMAIL_CLAIM_SECONDS})`,
    })
    .where(
      sql`${emailOutbox.id} in (
        select id from ${emailOutbox}
        where (status in ('queued', 'retrying') and next_attempt_at <= now())
           or (status = 'sending' and locked_until < now())
        order by next_attempt_at, created_at
        limit ${limit}
        for update skip locked)`,
    )
    .returning();
}

function describeError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; message?: string };
  return [e.code, e.responseCode, e.message].filter(Boolean).join(' ').slice(0, 500) || 'unknown error';
}

/** One log line (JSON mode) and one counter step per attempt; the recipient only by domain. */
function recordAttempt(row: EmailOutboxRow, outcome: 'sent' | 'retrying' | 'failed', error?: string): void {
  metrics().deliveries.inc({ outcome });
  // An SMTP server's error may quote the address; the log keeps only its domain.
  const safeError = error?.replace(/[^\s<>"']+@([^\s<>"']+)/g, '…@$1');
  logDelivery({
    outboxId: row.id,
    template: row.template,
    attempt: row.attempts,
    outcome,
    toDomain: row.toAddress.split('@')[1] ?? '',
    ...(safeError ? { error: safeError } : {}),
  });
}

/** What one attempt at one row came to; recorded for the whole batch at once. */
type Outcome =
  | { row: EmailOutboxRow; sent: true; subject: string; messageId: string | null }
  | { row: EmailOutboxRow; sent: false; error: string };

/** Renders and sends one row. Never throws: a failure is an outcome to record. */
async function attempt(row: EmailOutboxRow, transport: Transport): Promise<Outcome> {
  try {
    if (!row.payload) throw new Error('payload missing');
    const message = unseal<EmailMessage>(row.payload);
    const mail = await renderEmail(message);
    const { messageId } = await transport.send({
      to: row.toAddress,
      ...mail,
      messageId: messageIdFor(row.id),
      envelopeFrom: bounceAddressFor(row.id),
    });
    return { row, sent: true, subject: mail.subject, messageId };
  } catch (err) {
    return { row, sent: false, error: describeError(err) };
  }
}

/** Marks the sent rows 'sent' in one statement. */
async function recordSent(
  db: Db,
  transport: Transport,
  outcomes: Extract<Outcome, { sent: true }>[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const values = sql.join(
    outcomes.map((o) => sql`(${o.row.id}, ${o.subject}, ${o.messageId})`),
    sql`, `,
  );
  await db.execute(sql`
    update ${emailOutbox} as e set
      status = 'sent', sent_at = now(), subject = v.subject, transport = ${transport.name},
      message_id = v.message_id, locked_until = null, last_error = null,
      -- Once an SMTP server has it, the link no longer needs to exist anywhere here.
      -- The dev mailbox keeps it: reading it there is the delivery.
      payload = ${transport.name === 'mailbox' ? sql`e.payload` : sql`null`}
    from (values ${values}) as v(id, subject, message_id)
    where e.id = v.id::uuid`);
  for (const o of outcomes) recordAttempt(o.row, 'sent');
}

/** Puts the failed rows back to retry after their backoff (or 'failed' after 24 hours), in one statement. */
async function recordFailed(db: Db, outcomes: Extract<Outcome, { sent: false }>[]): Promise<void> {
  if (outcomes.length === 0) return;
  const values = sql.join(
    outcomes.map((o) => sql`(${o.row.id}, ${o.error}, ${backoffSeconds(o.row.attempts)})`),
    sql`, `,
  );
  const after = (await db.execute(sql`
    update ${emailOutbox} as e set
      status = case when e.created_at < now() - make_interval(hours => ${GIVE_UP_AFTER_HOURS})
        then 'failed'::email_status else 'retrying'::email_status end,
      next_attempt_at = now() + make_interval(secs => v.backoff::int),
      locked_until = null,
      last_error = v.error
    from (values ${values}) as v(id, error, backoff)
    where e.id = v.id::uuid
    returning e.id, e.status`)) as unknown as { id: string; status: string }[];
  const statusOf = new Map(rowsOf(after).map((r) => [r.id, r.status]));
  for (const o of outcomes)
    recordAttempt(o.row, statusOf.get(o.row.id) === 'failed' ? 'failed' : 'retrying', o.error);
}

/** Rows of db.execute's answer: an array on postgres-js, `{ rows }` on PGlite. */
function rowsOf<T>(result: T[] | { rows: T[] }): T[] {
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Gives rows this sweep did not get to back to the outbox, due now and without counting an
 * attempt, before their claim lapses: another worker (or the next sweep) takes them.
 */
async function release(db: Db, rows: EmailOutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .update(emailOutbox)
    .set({
      status: sql`case when ${emailOutbox.attempts} > 1 then 'retrying'::email_status else 'queued'::email_status end`,
      attempts: sql`${emailOutbox.attempts} - 1`,
      nextAttemptAt: sql`now()`,
      lockedUntil: null,
    })
    .where(
      inArray(
        emailOutbox.id,
        rows.map((r) => r.id),
      ),
    );
}

/** Emails claimed per sweep. The outcomes are recorded per batch, so a worker that dies mid-batch sends at most this many again. */
export const BATCH_SIZE = 50;

/**
 * One sweep: claims up to `batchSize` due emails and tries each once, up to the transport's
 * concurrency at a time (rendering one while others wait for the SMTP server), then records
 * every outcome in one or two statements. Rows not started by the time half their claim has
 * passed (a very slow mail server) are given back rather than left to lapse mid-send.
 */
export async function deliverDueEmails(
  db: Db,
  transport: Transport,
  batchSize = BATCH_SIZE,
): Promise<{ sent: number; failed: number; claimed: number }> {
  const rows = await claimDue(db, batchSize);
  const startBefore = Date.now() + (env.EMAIL_CLAIM_SECONDS * 1000) / 2;
  const outcomes: Outcome[] = [];
  const waiting = [...rows];
  const sender = async () => {
    for (let row = waiting.shift(); row; row = waiting.shift()) {
      if (Date.now() > startBefore) {
        waiting.unshift(row);
        return;
      }
      outcomes.push(await attempt(row, transport));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, transport.concurrency ?? 1) }, sender));
  const sent = outcomes.filter((o) => o.sent);
  const failed = outcomes.filter((o) => !o.sent);
  await recordSent(db, transport, sent);
  await recordFailed(db, failed);
  await release(db, waiting);
  return { sent: sent.length, failed: failed.length, claimed: rows.length };
}

export interface RunningWorker {
  nudge(): void;
  stop(): Promise<void>;
}

/**
 * Sweeps every `pollSeconds` and whenever nudged, until stopped. Sweeps never overlap;
 * a nudge during a sweep triggers one more sweep right after it.
 */
export function runEmailWorker(
  getDb: () => Promise<Db>,
  transport: Transport,
  pollSeconds: number,
  onError: (err: unknown) => void,
  pruneEverySeconds = PRUNE_EVERY_SECONDS,
): RunningWorker {
  let stopped = false;
  let lastPrune = 0;
  let running: Promise<void> | null = null;
  let again = false;
  const sweep = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const db = await getDb();
        // Keep going while full batches come back: a backlog drains without waiting for the timer.
        for (;;) {
          const { claimed } = await deliverDueEmails(db, transport);
          if (claimed < BATCH_SIZE || stopped) break;
        }
        if (Date.now() - lastPrune >= pruneEverySeconds * 1000) {
          lastPrune = Date.now();
          await pruneExpiredRows(db);
        }
      } catch (err) {
        onError(err);
      } finally {
        running = null;
        if (again && !stopped) {
          again = false;
          sweep();
        }
      }
    })();
  };
  const timer = setInterval(sweep, pollSeconds * 1000);
  timer.unref();
  sweep();
  return {
    nudge: sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      transport.close?.();
    },
  };
}
