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
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { emailOutbox, type EmailOutboxRow } from '@/lib/db/schema';
import { pruneExpiredRows } from '@/lib/db/prune';
import { unseal } from '@/lib/security/sealed';
import { renderEmail, type EmailMessage } from './render';
import type { Transport } from './transports';
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
 * The Message-ID of an outbox row, the same at every attempt. Delivery is at least once (a
 * worker that dies after the SMTP server accepted a message, but before recording it,
 * leaves the row to be sent again when its claim lapses); a repeat carries the same id, so
 * mail systems and people can recognise it as the same message.
 */
export function messageIdFor(outboxId: string): string {
  return `<${outboxId}@${new URL(env.APP_URL).hostname}>`;
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

async function deliverOne(db: Db, row: EmailOutboxRow, transport: Transport): Promise<boolean> {
  try {
    if (!row.payload) throw new Error('payload missing');
    const message = unseal<EmailMessage>(row.payload);
    const mail = await renderEmail(message);
    const { messageId } = await transport.send({
      to: row.toAddress,
      ...mail,
      messageId: messageIdFor(row.id),
    });
    await db
      .update(emailOutbox)
      .set({
        status: 'sent',
        sentAt: sql`now()`,
        subject: mail.subject,
        transport: transport.name,
        messageId,
        lockedUntil: null,
        lastError: null,
        // Once an SMTP server has it, the link no longer needs to exist anywhere here.
        // The dev mailbox keeps it: reading it there is the delivery.
        payload: transport.name === 'mailbox' ? row.payload : null,
      })
      .where(eq(emailOutbox.id, row.id));
    recordAttempt(row, 'sent');
    return true;
  } catch (err) {
    const error = describeError(err);
    const [after] = await db
      .update(emailOutbox)
      .set({
        status: sql`case when ${emailOutbox.createdAt} < now() - make_interval(hours => ${GIVE_UP_AFTER_HOURS}) then 'failed'::email_status else 'retrying'::email_status end`,
        nextAttemptAt: sql`now() + make_interval(secs => ${backoffSeconds(row.attempts)})`,
        lockedUntil: null,
        lastError: error,
      })
      .where(eq(emailOutbox.id, row.id))
      .returning({ status: emailOutbox.status });
    recordAttempt(row, after?.status === 'failed' ? 'failed' : 'retrying', error);
    return false;
  }
}

/** One sweep: claims up to `batchSize` due emails and tries each once. Returns counts. */
export async function deliverDueEmails(
  db: Db,
  transport: Transport,
  batchSize = 20,
): Promise<{ sent: number; failed: number }> {
  const rows = await claimDue(db, batchSize);
  let sent = 0;
  for (const row of rows) if (await deliverOne(db, row, transport)) sent++;
  return { sent, failed: rows.length - sent };
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
          const { sent, failed } = await deliverDueEmails(db, transport);
          if (sent + failed < 20 || stopped) break;
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
