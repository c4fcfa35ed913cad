/**
 * Issue 26: the delivery worker killed (SIGKILL) in the middle of 1,000 emails. A real
 * child process delivers; the test kills it once some have arrived, lets the dead worker's
 * claims run out (EMAIL_CLAIM_SECONDS, moved forward here instead of waited for), and has
 * another worker finish. Every email arrives at least once; a repeat carries the same
 * Message-ID, and the repeats are counted and printed.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTypeScript } from '@/lib/test/spawn-typescript';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { commonEmailProps } from './common-props';
import { queueEmails } from './outbox';
import { messageIdFor } from './sender';

const smtp = startSmtpSink({ beforeAll, afterAll });
const { sink } = smtp;
const EMAILS = 1000;

describe('the delivery worker killed mid-delivery (issue 26)', () => {
  it(
    'kill -9 during 1,000 emails: every one delivered at least once, repeats counted',
    { timeout: 240_000 },
    async () => {
      const db = await getDb();
      const ids = await queueEmails(
        db,
        Array.from({ length: EMAILS }, (_, i) => ({
          to: `kill-${i}@worker.example`,
          message: {
            template: 'welcome' as const,
            props: {
              ...commonEmailProps(`Person ${i}`),
              link: `http://localhost:3999/welcome?token=kill-${i}`,
              expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
            },
          },
        })),
      );
      const wanted = new Map(ids.map((id) => [messageIdFor(id), 0]));
      const counts = () => {
        for (const k of wanted.keys()) wanted.set(k, 0);
        for (const m of sink.messages)
          if (m.messageId && wanted.has(m.messageId)) wanted.set(m.messageId, wanted.get(m.messageId)! + 1);
        return [...wanted.values()];
      };
      const child = spawnTypeScript('lib/test/worker-child.ts', [sink.url]);
      const exited = once(child, 'exit');
      let arrivedAtKill = 0;
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        arrivedAtKill = counts().filter((n) => n > 0).length;
        if (arrivedAtKill >= 200) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill('SIGKILL');
      const [, signal] = await exited;
      expect(signal).toBe('SIGKILL');
      expect(arrivedAtKill).toBeGreaterThanOrEqual(200);
      expect(arrivedAtKill).toBeLessThan(EMAILS);

      // The dead worker's claims run out (as they would after EMAIL_CLAIM_SECONDS); another worker
      // finishes. PostgreSQL may still commit a claim the dead worker had already sent, a moment
      // after the kill: so each round lets the claims run out again.
      let held = 0;
      for (let round = 0; round < 20; round++) {
        const lapsed = await db
          .update(emailOutbox)
          .set({ lockedUntil: sql`now() - interval '1 second'` })
          .where(and(inArray(emailOutbox.id, ids), eq(emailOutbox.status, 'sending')))
          .returning({ id: emailOutbox.id });
        held += lapsed.length;
        await smtp.deliver();
        const left = await db
          .select({ id: emailOutbox.id })
          .from(emailOutbox)
          .where(and(inArray(emailOutbox.id, ids), sql`${emailOutbox.status} <> 'sent'`));
        if (left.length === 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const final = counts();
      const repeats = final.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
      console.log(
        `kill -9 mid-delivery (${process.env.GATEHOUSE_TEST_DB}): ${EMAILS} emails; ${arrivedAtKill} had arrived when killed; ` +
          `${held} left claimed by the dead worker; after another worker: ${final.filter((n) => n > 0).length} delivered, ${repeats} repeats (same Message-ID)`,
      );
      const notSent = await db
        .select({
          status: emailOutbox.status,
          lastError: emailOutbox.lastError,
          next: emailOutbox.nextAttemptAt,
        })
        .from(emailOutbox)
        .where(and(inArray(emailOutbox.id, ids), sql`${emailOutbox.status} <> 'sent'`));
      expect(notSent).toEqual([]);
      expect(final.every((n) => n >= 1)).toBe(true);
      const rows = await db
        .select({ status: emailOutbox.status })
        .from(emailOutbox)
        .where(inArray(emailOutbox.id, ids));
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    },
  );
});
