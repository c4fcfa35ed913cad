/**
 * Delivery at volume: several workers at once over many rows, and the mail server going
 * away while a batch is being sent (npm run bench:outbox measures the speed; this checks
 * the guarantees the speed must not cost).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { commonEmailProps } from './common-props';
import { queueEmails } from './outbox';
import { smtpTransport } from './transports';
import { BATCH_SIZE, deliverDueEmails, runEmailWorker } from './worker';
import { messageIdFor } from './sender';

const smtp = startSmtpSink({ beforeAll, afterAll });
const { sink } = smtp;

async function queueWelcomes(count: number, tag: string): Promise<string[]> {
  const db = await getDb();
  return queueEmails(
    db,
    Array.from({ length: count }, (_, i) => ({
      to: `${tag}-${i}@volume.example`,
      message: {
        template: 'welcome' as const,
        props: {
          ...commonEmailProps(`Person ${i}`),
          link: `http://localhost:3999/welcome?token=${tag}-${i}`,
          expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        },
      },
    })),
  );
}

/** How often the SMTP server accepted each of these outbox rows' Message-IDs. */
function receivedCounts(ids: string[]): number[] {
  const counts = new Map(ids.map((id) => [messageIdFor(id), 0]));
  for (const mail of sink.messages)
    if (mail.messageId && counts.has(mail.messageId))
      counts.set(mail.messageId, counts.get(mail.messageId)! + 1);
  return [...counts.values()];
}

async function rowsOf(ids: string[]) {
  const db = await getDb();
  return db.select().from(emailOutbox).where(inArray(emailOutbox.id, ids));
}

describe('delivery at volume', () => {
  it('two running workers, each with its own SMTP pool, send every one of 150 rows exactly once', async () => {
    const ids = await queueWelcomes(150, 'two-workers');
    const transports = [smtpTransport(sink.url), smtpTransport(sink.url)];
    const errors: unknown[] = [];
    const workers = transports.map((t) => runEmailWorker(getDb, t, 3600, (err) => errors.push(err), 1e9));
    const deadline = Date.now() + 50_000;
    while (receivedCounts(ids).some((n) => n === 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await Promise.all(workers.map((w) => w.stop()));

    expect(errors).toEqual([]);
    expect(receivedCounts(ids).every((n) => n === 1)).toBe(true);
    const rows = await rowsOf(ids);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.payload === null)).toBe(true);
  }, 60_000);

  it('loses nothing when the SMTP server goes away in the middle of a batch', async () => {
    const ids = await queueWelcomes(BATCH_SIZE, 'mid-batch');
    const port = sink.port;
    sink.delayMs = 30; // deliveries in flight when it stops
    const before = sink.messages.length;
    const db = await getDb();
    const sweep = deliverDueEmails(db, smtp.transport());
    while (sink.messages.length < before + 10) await new Promise((r) => setTimeout(r, 5));
    await sink.stop();
    const { sent, failed, claimed } = await sweep;
    sink.delayMs = 0;

    // Part went out, the rest waits to retry; none is left claimed or lost.
    expect(claimed).toBe(BATCH_SIZE);
    expect(sent).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    const afterDrop = await rowsOf(ids);
    expect(afterDrop.filter((r) => r.status === 'sent')).toHaveLength(sent);
    expect(afterDrop.filter((r) => r.status === 'retrying')).toHaveLength(failed);
    expect(afterDrop.filter((r) => r.status === 'retrying').every((r) => r.lastError)).toBe(true);

    await sink.start(port);
    await db
      .update(emailOutbox)
      .set({ nextAttemptAt: sql`now()` })
      .where(inArray(emailOutbox.id, ids));
    await smtp.deliver();
    const rows = await rowsOf(ids);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    // At least once: a message the server took just before it went away may come again,
    // with the same Message-ID; every one arrived.
    expect(receivedCounts(ids).every((n) => n >= 1)).toBe(true);
  });
});
