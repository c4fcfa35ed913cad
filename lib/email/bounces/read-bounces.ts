/**
 * Reads the bounce mailbox once: every message in it is a report about an email we sent, or
 * something else that arrived at the bounce address (an out-of-office reply, spam, a report
 * too large or too broken to read).
 *
 * A report is matched to its email by the address it was delivered to: our VERP envelope
 * sender, whose check a stranger cannot make (lib/email/sender.ts). The returned Message-ID,
 * when present, must name the same email; it alone is not enough, as Message-IDs are not
 * secret. A failed recipient marks the email bounced (mark-email-bounced.ts).
 *
 * Every message leaves the mailbox at the end of its turn, so the next reading never sees it
 * again (no loops): a report that did its work, or says the email was only delayed or
 * delivered, is deleted; anything else is moved to the folder SKIPPED_FOLDER for a person to
 * look at, and logged (without addresses). One bad message never stops the others.
 */
import 'server-only';
import { ImapFlow } from 'imapflow';
import type { Db } from '@/lib/db/types';
import { logger } from '@/lib/observability/log';
import { messageIdFor, outboxIdFromBounceAddress } from '@/lib/email/sender';
import { markEmailBounced } from './mark-email-bounced';
import { parseDeliveryStatus, type DeliveryReport } from './parse-delivery-status';

/** Where messages go that are not a report about one of our emails, for a person to look at. */
export const SKIPPED_FOLDER = 'Gatehouse-skipped';

/** Reports larger than this are not downloaded: ours are a few tens of KB even with the message returned whole. */
export const MAX_REPORT_BYTES = 1024 * 1024;

/** Why a message was moved aside instead of read. */
export type SkipReason =
  'oversized' | 'not-a-report' | 'unknown-email' | 'mismatched-message-id' | 'unreadable';

export interface BounceReading {
  bounced: number;
  /** Reports that needed nothing: a delay or delivery notice, or a repeat for an email already marked. */
  ignored: number;
  skipped: Partial<Record<SkipReason, number>>;
}

/** What one message came to: `done` ones are deleted, skipped ones moved aside, `gone` ones another reader took meanwhile. */
type Verdict = { done: 'bounced' | 'ignored' } | { skip: SkipReason } | { gone: true };

export async function readBounces(
  db: Db,
  imapUrl: string,
  options: { maxBytes?: number } = {},
): Promise<BounceReading> {
  const maxBytes = options.maxBytes ?? MAX_REPORT_BYTES;
  const { client, mailbox } = clientFor(imapUrl);
  const reading: BounceReading = { bounced: 0, ignored: 0, skipped: {} };
  // A dropped connection is also emitted as an event; the awaited call that failed reports it.
  client.on('error', () => {});
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const sizes = await listMessages(client);
      for (const [uid, size] of sizes) {
        const verdict = await judge(client, db, uid, size, maxBytes);
        if ('gone' in verdict) continue;
        if ('done' in verdict) {
          reading[verdict.done] += 1;
          await client.messageDelete(String(uid), { uid: true });
        } else {
          reading.skipped[verdict.skip] = (reading.skipped[verdict.skip] ?? 0) + 1;
          logger().warn(
            { event: 'bounce_report_skipped', uid, size, reason: verdict.skip },
            'bounce report skipped',
          );
          await moveAside(client, uid);
        }
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return reading;
}

/** imap(s)://user:pass@host:port/folder -> a client (not yet connected) and the folder (default INBOX). */
function clientFor(imapUrl: string): { client: ImapFlow; mailbox: string } {
  const url = new URL(imapUrl);
  const secure = url.protocol === 'imaps:';
  const client = new ImapFlow({
    host: url.hostname,
    port: Number(url.port) || (secure ? 993 : 143),
    secure,
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false,
    // A mail server that stops answering must not hold the reader (the next reading tries again).
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  return { client, mailbox };
}

/** UID and size of every message in the open mailbox, read before any is downloaded. */
async function listMessages(client: ImapFlow): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  const open = client.mailbox;
  if (!open || open.exists === 0) return sizes;
  for await (const message of client.fetch('1:*', { uid: true, size: true })) {
    sizes.set(message.uid, message.size ?? 0);
  }
  return sizes;
}

async function judge(
  client: ImapFlow,
  db: Db,
  uid: number,
  size: number,
  maxBytes: number,
): Promise<Verdict> {
  if (size > maxBytes) return { skip: 'oversized' };
  try {
    const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
    // Expunged since the listing: another instance's reader has it.
    if (!message) return { gone: true };
    if (!message.source) return { skip: 'unreadable' };
    const report = await parseDeliveryStatus(message.source);
    if (!report) return { skip: 'not-a-report' };
    return await apply(db, report);
  } catch (err) {
    logger().error(
      { event: 'bounce_report_error', uid, error: (err as Error).message },
      'bounce report error',
    );
    return { skip: 'unreadable' };
  }
}

/** Matches the report to its email and marks it bounced when a recipient failed. */
async function apply(db: Db, report: DeliveryReport): Promise<Verdict> {
  const outboxId = [...report.addressedTo, report.originalReturnPath]
    .map((address) => (address ? outboxIdFromBounceAddress(address) : null))
    .find((id) => id !== null);
  if (!outboxId) return { skip: 'unknown-email' };
  if (
    report.originalMessageId &&
    report.originalMessageId.toLowerCase() !== messageIdFor(outboxId).toLowerCase()
  )
    return { skip: 'mismatched-message-id' };
  const failed = report.recipients.find((r) => r.action === 'failed');
  // "delayed" (still trying), "delivered", "relayed": nothing to tell staff.
  if (!failed) return { done: 'ignored' };
  const result = await markEmailBounced(db, outboxId, replyOf(failed));
  if (result === 'no-such-email') return { skip: 'unknown-email' };
  return { done: result === 'bounced' ? 'bounced' : 'ignored' };
}

/** The remote server's words, led by the status code (refusalKind reads it to explain the refusal). */
function replyOf(failed: DeliveryReport['recipients'][number]): string {
  const diagnostic = failed.diagnostic ?? '';
  const text =
    failed.status && !diagnostic.includes(failed.status) ? `${failed.status} ${diagnostic}` : diagnostic;
  return (text.trim() || 'bounced (no reason given)').replace(/\s+/g, ' ').slice(0, 500);
}

/** Moves a message to SKIPPED_FOLDER (made on first use); deletes it if even that fails, so it is not read again. */
async function moveAside(client: ImapFlow, uid: number): Promise<void> {
  try {
    await client.mailboxCreate(SKIPPED_FOLDER);
    const moved = await client.messageMove(String(uid), SKIPPED_FOLDER, { uid: true });
    if (moved) return;
  } catch (err) {
    logger().error(
      { event: 'bounce_report_error', uid, error: (err as Error).message },
      'bounce report not moved',
    );
  }
  await client.messageDelete(String(uid), { uid: true });
}
