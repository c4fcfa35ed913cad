/**
 * Outbox claims with a token (issue 26): a worker that stalls past its claim and then
 * finishes must not mark, retry or give back a row another worker has claimed since.
 *
 * Worker A is held inside its first SMTP send (a slow mail server, a long pause) for longer
 * than its claim lasts (EMAIL_CLAIM_SECONDS=5 here; the test waits for the database to say
 * the claim lapsed). Worker B then claims the same rows and sends them. When A is let go,
 * its one message already in flight is accepted (at least once: a repeat with the same
 * Message-ID), and then A must change nothing: not the row B sent, not the rows A never
 * started (which it used to put back in the queue, to be sent a third time).
 * The same with a real process stopped by SIGSTOP: lib/email/worker-process.int.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.EMAIL_CLAIM_SECONDS = '5';
});

import { inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/rows';
import { emailOutbox } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { invited } from '@/lib/test/factories';
import type { OutgoingMail, Transport } from './transports';
import { deliverDueEmails } from './worker';

const smtp = startSmtpSink({ beforeAll, afterAll });

/** A transport that sends through the real SMTP server, holding its first send until let go. */
function heldTransport(inner: () => Transport, name: string) {
  let letGo!: () => void;
  let entered!: () => void;
  const held = new Promise<void>((resolve) => (letGo = resolve));
  const started = new Promise<void>((resolve) => (entered = resolve));
  let first = true;
  const transport: Transport = {
    name: 'smtp',
    concurrency: 1,
    async send(mail: OutgoingMail) {
      if (first) {
        first = false;
        entered();
        await held;
      }
      await inner().send(mail);
      return { messageId: `${name}:${mail.messageId}` };
    },
  };
  return { transport, started, letGo };
}

describe('a worker that stalls past its claim', () => {
  it('cannot mark, retry or give back rows another worker claimed since', async () => {
    // Earlier files leave emails in the shared database: send those first, so the claims below hold only ours.
    await smtp.deliver();
    const people = await Promise.all(Array.from({ length: 6 }, () => invited('client')));
    const ids = people.map((p) => p.userId);
    const db = await getDb();
    const rows = () =>
      db
        .select()
        .from(emailOutbox)
        .where(inArray(emailOutbox.userId, ids))
        .then((r) => r.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()));

    const a = heldTransport(smtp.transport, 'A');
    const workerA = deliverDueEmails(db, a.transport, 6);
    await a.started;
    const claimedByA = await rows();
    expect(claimedByA.every((r) => r.status === 'sending' && r.claimToken && r.attempts === 1)).toBe(true);

    // A is stuck in its first send while its claim runs out (the database's clock decides).
    await vi.waitFor(
      async () => {
        const [state] = rowsOf<{ lapsed: boolean }>(
          await db.execute(
            sql`select bool_and(locked_until < now()) as lapsed from ${emailOutbox} where ${inArray(emailOutbox.userId, ids)}`,
          ),
        );
        expect(state?.lapsed).toBe(true);
      },
      { timeout: 15_000, interval: 250 },
    );

    const b = heldTransport(smtp.transport, 'B');
    b.letGo();
    const resultB = await deliverDueEmails(db, b.transport, 6);
    expect(resultB).toMatchObject({ claimed: 6, sent: 6 });
    const afterB = await rows();

    a.letGo();
    const resultA = await workerA;
    // A finished the one send it had started, and started nothing else: it was past half its claim.
    expect(resultA).toMatchObject({ claimed: 6, sent: 1 });

    const afterA = await rows();
    expect(afterA).toEqual(afterB);
    for (const row of afterA) {
      expect(row).toMatchObject({ status: 'sent', attempts: 2, claimToken: null, lockedUntil: null });
      expect(row.messageId).toMatch(/^B:/);
    }
    // Delivered at least once: the email A had in flight twice, with one Message-ID; the others once.
    const counts = people.map((p) => smtp.sink.to(p.email).length).sort();
    expect(counts).toEqual([1, 1, 1, 1, 1, 2]);
    for (const p of people) expect(new Set(smtp.sink.to(p.email).map((m) => m.messageId)).size).toBe(1);
  }, 60_000);
});
