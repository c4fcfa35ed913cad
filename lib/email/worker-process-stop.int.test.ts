/**
 * Issue 26, graceful stop of `npm run worker` as a real process: SIGTERM while it holds an
 * email the mail server never accepts. The process stops claiming, waits for the send at most
 * its grace (8 s), closes the database and exits on its own, within 10 s of the signal.
 * (worker-stop.int.test.ts tests the same stop in-process with a short grace.)
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { authSecret } from '@/lib/security/secret';
import { spawnTypeScript } from '@/lib/test/spawn-typescript';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { commonEmailProps } from './common-props';
import { queueEmail } from './outbox';

const smtp = startSmtpSink({ beforeAll, afterAll });
const { sink } = smtp;
const TO = 'hang@worker-process.example';

describe('stopping `npm run worker` (issue 26)', () => {
  it('exits by itself within 10 s of SIGTERM while a send hangs', { timeout: 60_000 }, async () => {
    const db = await getDb();
    // Earlier files leave emails due in the shared database: send those first, or the worker
    // below would hang on them before it reached ours.
    await smtp.deliver();
    // The server takes the message and then never says "250": a send in flight that hangs.
    sink.delayMs = 600_000;
    const id = await queueEmail(db, {
      to: TO,
      message: {
        template: 'welcome',
        props: {
          ...commonEmailProps('Hang'),
          link: 'http://localhost:3999/welcome?token=worker-process',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    });
    const worker = spawnTypeScript('scripts/worker.ts', [], {
      SMTP_URL: sink.url,
      EMAIL_POLL_SECONDS: '1',
      NODE_ENV: 'production',
      // The test's own secret (kept in its DATA_DIR): the queued email is sealed with it.
      AUTH_SECRET: authSecret(),
    });
    const exited = once(worker, 'exit');
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      // Wait for the outcome, not a fixed time: our message has reached the server. (Rows other
      // test files left due in the shared database may reach it too, and hang the same way.)
      const deadline = Date.now() + 30_000;
      while (sink.to(TO).length === 0 && worker.exitCode === null && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(sink.to(TO).length, output).toBe(1);

      const signalled = Date.now();
      worker.kill('SIGTERM');
      const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      const took = Date.now() - signalled;
      console.log(`npm run worker: exited ${took} ms after SIGTERM with a send hanging (code ${code})`);
      expect(signal).toBeNull();
      expect(code, output).toBe(0);
      expect(took).toBeLessThan(10_000);
      // The row it held stays claimed; another worker takes it again after the claim runs out.
      const [row] = await db
        .select({ status: emailOutbox.status })
        .from(emailOutbox)
        .where(eq(emailOutbox.id, id));
      expect(row?.status).toBe('sending');
    } finally {
      // Never leave a worker behind: an orphan would claim and send later test files' emails.
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGKILL');
        await exited;
      }
      // Nor its claims: in this shared database the next files' workers would take them up when
      // they lapse, in the middle of their own tests.
      await db
        .update(emailOutbox)
        .set({ status: 'failed', lockedUntil: null, lastError: 'parked by worker-process-stop.int.test.ts' })
        .where(eq(emailOutbox.status, 'sending'));
    }
  });
});
