/**
 * The delivery worker: claims due outbox rows and sends them.
 *
 * Claiming is one UPDATE over a `FOR UPDATE SKIP LOCKED` subquery, so any number of
 * workers (one per app instance) share the outbox without sending a row twice. A claim
 * lapses after EMAIL_CLAIM_SECONDS, so a worker that dies mid-send does not strand its rows.
 * Failures retry with exponential backoff from 1 minute up to 1 hour; a row still
 * failing 24 hours after it was queued is marked failed for staff to see. A permanent
 * refusal (a 5xx to RCPT TO or DATA: "550 no such mailbox") marks the row rejected at once,
 * with the server's reply (lib/email/smtp-refusal.ts).
 *
 * Every claim carries a new token, and every outcome is written only where the row still
 * carries it: a worker that stalls past its claim (a long pause, a very slow mail server)
 * and then finishes cannot mark, retry or give back a row another worker has claimed since.
 *
 * The worker also prunes expired rows (lib/db/prune.ts) on its first sweep and then every
 * hour: it already runs in every instance and on a timer.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf } from '@/lib/db/rows';
import type { Db } from '@/lib/db/types';
import { emailOutbox, type EmailOutboxRow } from '@/lib/db/schema';
import { pruneExpiredRows } from '@/lib/db/prune';
import { unseal } from '@/lib/security/sealed';
import { renderEmail, type EmailMessage } from './render';
import type { Transport } from './transports';
import { bounceAddressFor, messageIdFor } from './sender';
import { classifySendError } from './smtp-refusal';
import { waitAtMost } from './wait-at-most';
import { env } from '@/lib/env';
import { logDelivery } from '@/lib/observability/log';
import { metrics } from '@/lib/observability/metrics';

const PRUNE_EVERY_SECONDS = 3600;
const GIVE_UP_AFTER_HOURS = 24;

/** Seconds to wait before attempt n+1 after n failed attempts: 60, 120, 240, … capped at 3600 (EMAIL_RETRY_SECONDS sets the first). */
export function backoffSeconds(failedAttempts: number, first = env.EMAIL_RETRY_SECONDS): number {
  return Math.min(first * 2 ** Math.max(failedAttempts - 1, 0), 3600);
}

/**
 * Claims up to `limit` due rows for this sweep under a new token. A row counts as due when it
 * waits (queued, or retrying and its time has come) or when another worker's claim lapsed.
 */
async function claimDue(db: Db, limit: number, token: string): Promise<EmailOutboxRow[]> {
  return db
    .update(emailOutbox)
    .set({
      status: 'sending',
      attempts: sql`${emailOutbox.attempts} + 1`,
      lockedUntil: sql`now() + make_interval(secs => ${env.EMAIL_CLAIM_SECONDS})`,
      claimToken: token,
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

type AttemptOutcome = 'sent' | 'retrying' | 'failed' | 'rejected';

/** One log line (JSON mode) and one counter step per attempt; the recipient only by domain. */
function recordAttempt(row: EmailOutboxRow, outcome: AttemptOutcome, error?: string): void {
  metrics().deliveries.inc({ outcome });
  logDelivery({
    outboxId: row.id,
    template: row.template,
    attempt: row.attempts,
    outcome,
    toDomain: row.toAddress.split('@')[1] ?? '',
    ...(error ? { error: withoutAddresses(error) } : {}),
  });
}

/** An SMTP server's reply may quote the address; logs keep only its domain. */
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"']+@([^\s<>"']+)/g, '…@$1');
}

/** A claim this worker no longer holds (it stalled past it and another worker took the row): logged, nothing written. */
function recordClaimLost(row: EmailOutboxRow, outcome: string): void {
  logDelivery({
    outboxId: row.id,
    template: row.template,
    attempt: row.attempts,
    outcome: 'claim-lost',
    toDomain: row.toAddress.split('@')[1] ?? '',
    error: `claim lapsed before the outcome (${outcome}) was recorded; another worker has the email`,
  });
}

/** What one attempt at one row came to; recorded for the whole batch at once. */
type Outcome =
  | { row: EmailOutboxRow; kind: 'sent'; subject: string; messageId: string | null }
  | { row: EmailOutboxRow; kind: 'retry'; error: string }
  | { row: EmailOutboxRow; kind: 'rejected'; reply: string; subject: string | null };

/** Renders and sends one row. Never throws: a failure is an outcome to record. */
async function attempt(row: EmailOutboxRow, transport: Transport): Promise<Outcome> {
  let subject: string | null = null;
  try {
    if (!row.payload) throw new Error('payload missing');
    const message = unseal<EmailMessage>(row.payload);
    const mail = await renderEmail(message);
    subject = mail.subject;
    const { messageId } = await transport.send({
      to: row.toAddress,
      ...mail,
      messageId: messageIdFor(row.id),
      envelopeFrom: bounceAddressFor(row.id),
    });
    return { row, kind: 'sent', subject: mail.subject, messageId };
  } catch (err) {
    const failure = classifySendError(err);
    return failure.permanent
      ? { row, kind: 'rejected', reply: failure.reply, subject }
      : { row, kind: 'retry', error: failure.reply };
  }
}

/** Ids of the rows an UPDATE … RETURNING e.id changed. */
function idsOf(result: unknown): Set<string> {
  return new Set(rowsOf<{ id: string }>(result).map((r) => r.id));
}

/** Marks the sent rows 'sent' in one statement, where this claim still holds. */
async function recordSent(
  db: Db,
  transport: Transport,
  token: string,
  outcomes: Extract<Outcome, { kind: 'sent' }>[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const values = sql.join(
    outcomes.map((o) => sql`(${o.row.id}, ${o.subject}, ${o.messageId})`),
    sql`, `,
  );
  const changed = idsOf(
    await db.execute(sql`
    update ${emailOutbox} as e set
      status = 'sent', sent_at = now(), subject = v.subject, transport = ${transport.name},
      message_id = v.message_id, locked_until = null, claim_token = null, last_error = null,
      -- Once an SMTP server has it, the link no longer needs to exist anywhere here.
      -- The dev mailbox keeps it: reading it there is the delivery.
      payload = ${transport.name === 'mailbox' ? sql`e.payload` : sql`null`}
    from (values ${values}) as v(id, subject, message_id)
    where e.id = v.id::uuid and e.claim_token = ${token}
    returning e.id`),
  );
  for (const o of outcomes) {
    if (changed.has(o.row.id)) recordAttempt(o.row, 'sent');
    else recordClaimLost(o.row, 'sent');
  }
}

/** Puts the failed rows back to retry after their backoff (or 'failed' after 24 hours), in one statement. */
async function recordRetries(
  db: Db,
  token: string,
  outcomes: Extract<Outcome, { kind: 'retry' }>[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const values = sql.join(
    outcomes.map((o) => sql`(${o.row.id}, ${o.error}, ${backoffSeconds(o.row.attempts)})`),
    sql`, `,
  );
  const after = rowsOf<{ id: string; status: string }>(
    await db.execute(sql`
    update ${emailOutbox} as e set
      status = case when e.created_at < now() - make_interval(hours => ${GIVE_UP_AFTER_HOURS})
        then 'failed'::email_status else 'retrying'::email_status end,
      next_attempt_at = now() + make_interval(secs => v.backoff::int),
      locked_until = null,
      claim_token = null,
      last_error = v.error
    from (values ${values}) as v(id, error, backoff)
    where e.id = v.id::uuid and e.claim_token = ${token}
    returning e.id, e.status`),
  );
  const statusOf = new Map(after.map((r) => [r.id, r.status]));
  for (const o of outcomes) {
    const status = statusOf.get(o.row.id);
    if (!status) recordClaimLost(o.row, 'retrying');
    else recordAttempt(o.row, status === 'failed' ? 'failed' : 'retrying', o.error);
  }
}

/**
 * Marks permanently refused rows 'rejected' at once, with the server's reply, in one
 * statement. The payload goes: nobody received the link, and a corrected address gets a new
 * email with a new link.
 */
async function recordRejected(
  db: Db,
  token: string,
  outcomes: Extract<Outcome, { kind: 'rejected' }>[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const values = sql.join(
    outcomes.map((o) => sql`(${o.row.id}, ${o.reply}, ${o.subject})`),
    sql`, `,
  );
  const changed = idsOf(
    await db.execute(sql`
    update ${emailOutbox} as e set
      status = 'rejected', refused_at = now(), last_error = v.reply,
      subject = coalesce(v.subject, e.subject), payload = null,
      locked_until = null, claim_token = null
    from (values ${values}) as v(id, reply, subject)
    where e.id = v.id::uuid and e.claim_token = ${token}
    returning e.id`),
  );
  for (const o of outcomes) {
    if (changed.has(o.row.id)) recordAttempt(o.row, 'rejected', o.reply);
    else recordClaimLost(o.row, 'rejected');
  }
}

/**
 * Gives rows this sweep did not get to back to the outbox, due now and without counting an
 * attempt, before their claim lapses: another worker (or the next sweep) takes them. Only
 * rows this claim still holds: a row another worker took meanwhile is theirs.
 */
async function release(db: Db, token: string, rows: EmailOutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .update(emailOutbox)
    .set({
      status: sql`case when ${emailOutbox.attempts} > 1 then 'retrying'::email_status else 'queued'::email_status end`,
      attempts: sql`${emailOutbox.attempts} - 1`,
      nextAttemptAt: sql`now()`,
      lockedUntil: null,
      claimToken: null,
    })
    .where(
      and(
        inArray(
          emailOutbox.id,
          rows.map((r) => r.id),
        ),
        eq(emailOutbox.claimToken, token),
      ),
    );
}

/** Emails claimed per sweep. The outcomes are recorded per batch, so a worker that dies mid-batch sends at most this many again. */
export const BATCH_SIZE = 50;

/**
 * One sweep: claims up to `batchSize` due emails under a new claim token and tries each
 * once, up to the transport's concurrency at a time (rendering one while others wait for the
 * SMTP server), then records every outcome in a statement per kind, each only where the row
 * still carries this claim's token. Rows not started by the time half their claim has passed
 * (a very slow mail server, or this process paused) are given back rather than sent late.
 */
export async function deliverDueEmails(
  db: Db,
  transport: Transport,
  batchSize = BATCH_SIZE,
): Promise<{ sent: number; failed: number; rejected: number; claimed: number }> {
  const token = randomUUID();
  const rows = await claimDue(db, batchSize, token);
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
  const sent = outcomes.filter((o) => o.kind === 'sent');
  const retries = outcomes.filter((o) => o.kind === 'retry');
  const rejected = outcomes.filter((o) => o.kind === 'rejected');
  await recordSent(db, transport, token, sent);
  await recordRetries(db, token, retries);
  await recordRejected(db, token, rejected);
  await release(db, token, waiting);
  return { sent: sent.length, failed: retries.length, rejected: rejected.length, claimed: rows.length };
}

/**
 * How long stop() waits for the sweep in flight: the process must exit within 10 s of
 * SIGTERM (issue 26), and a mail server that never answers must not hold it. Rows still
 * being sent then stay claimed and are claimed again after their claim runs out: delivered
 * at least once, a repeat carrying the same Message-ID.
 */
export const STOP_GRACE_MS = 8_000;

export interface RunningWorker {
  nudge(): void;
  /** Stops claiming, then waits for the sweep in flight, at most `graceMs`. */
  stop(graceMs?: number): Promise<void>;
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
    async stop(graceMs = STOP_GRACE_MS) {
      stopped = true;
      clearInterval(timer);
      await waitAtMost(running, graceMs);
      transport.close?.();
    },
  };
}
