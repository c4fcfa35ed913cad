/**
 * Reads the bounce mailbox (EMAIL_BOUNCE_IMAP_URL) every EMAIL_BOUNCE_POLL_SECONDS, in every
 * process that runs the delivery worker. Readings never overlap within a process; readers in
 * several instances may meet in the mailbox, which is safe: marking is conditional (an email
 * is marked once) and a message another reader took is passed over (read-bounces.ts).
 * A reading that fails (the mail server down, a wrong password) is reported to onError and
 * tried again at the next tick; the process goes on.
 */
import 'server-only';
import type { Db } from '@/lib/db/types';
import { readBounces, SKIPPED_FOLDER } from './read-bounces';
import { waitAtMost } from '@/lib/email/wait-at-most';

export interface RunningBounceReader {
  /** Stops the timer, then waits for the reading in flight, at most `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function runBounceReader(
  getDb: () => Promise<Db>,
  imapUrl: string,
  pollSeconds: number,
  onError: (err: unknown) => void,
): RunningBounceReader {
  let running: Promise<void> | null = null;
  let stopped = false;
  const read = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        const reading = await readBounces(await getDb(), imapUrl);
        // Without LOG_FORMAT=json the per-message log lines are off: one line says a person should look.
        const skipped = Object.entries(reading.skipped);
        if (skipped.length > 0)
          console.warn(
            `[email] bounce mailbox: ${skipped.map(([why, n]) => `${n} ${why}`).join(', ')}; moved to ${SKIPPED_FOLDER}`,
          );
      } catch (err) {
        onError(err);
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(read, pollSeconds * 1000);
  timer.unref();
  read();
  return {
    async stop(graceMs = 5_000) {
      stopped = true;
      clearInterval(timer);
      await waitAtMost(running, graceMs);
    },
  };
}
