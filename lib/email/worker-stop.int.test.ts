/**
 * Issue 26, graceful stop of the worker: on SIGTERM it stops claiming and finishes what it
 * holds, but never waits longer than its grace (the process must exit within 10 s). A mail
 * server that never answers must not hold the stop: the rows it held stay claimed and are
 * claimed again by a worker after the claim runs out (at least once, same Message-ID).
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { commonEmailProps } from './common-props';
import { queueEmail } from './outbox';
import { runEmailWorker } from './worker';
import type { Transport } from './transports';

describe('stopping the delivery worker (issue 26)', () => {
  it('stops within its grace even while a send hangs, and claims nothing after stop', async () => {
    const db = await getDb();
    const id = await queueEmail(db, {
      to: 'hang@stop.example',
      message: {
        template: 'welcome',
        props: {
          ...commonEmailProps('Hang'),
          link: 'http://localhost:3999/welcome?token=hang',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    });
    let sends = 0;
    let sending: () => void = () => {};
    const started = new Promise<void>((r) => (sending = r));
    const hanging: Transport = {
      name: 'smtp',
      send: () => {
        sends += 1;
        sending();
        return new Promise(() => {}); // a mail server that never answers
      },
    };
    const worker = runEmailWorker(getDb, hanging, 3600, () => {}, 1e9);
    await started;
    const before = Date.now();
    await worker.stop(1_000);
    const took = Date.now() - before;
    console.log(`worker stop with a hung send: ${took} ms (grace 1000 ms)`);
    expect(took).toBeLessThan(3_000);
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
    expect(row?.status).toBe('sending');
    worker.nudge(); // stopped: no further sweep, no further claim
    await new Promise((r) => setTimeout(r, 200));
    expect(sends).toBe(1);
  });
});
