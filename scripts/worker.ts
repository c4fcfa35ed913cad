/**
 * `npm run worker`: runs only the email delivery worker (the app also runs one). Useful to
 * add delivery capacity or to deliver while no app instance runs. Several may run at once.
 */
import path from 'node:path';
import { env } from '@/lib/env';
import { closeDb, getDb } from '@/lib/db/client';
import { lockHolder } from '@/lib/db/embedded-lock';
import { configuredTransport } from '@/lib/email/transports';
import { runEmailWorker } from '@/lib/email/worker';
import { runBounceReader } from '@/lib/email/bounces/run-bounce-reader';

if (env.embedded && lockHolder(path.resolve(env.DATA_DIR)) !== null) {
  console.log('The running app owns the embedded database and already runs the delivery worker.');
  process.exit(0);
}

const transport = configuredTransport();
const worker = runEmailWorker(getDb, transport, env.EMAIL_POLL_SECONDS, (err) =>
  console.error(`worker: ${(err as Error).message}`),
);
// Reads the bounce mailbox too, as every app instance does (lib/runtime/start-app.ts).
const bounces = env.EMAIL_BOUNCE_IMAP_URL
  ? runBounceReader(getDb, env.EMAIL_BOUNCE_IMAP_URL, env.EMAIL_BOUNCE_POLL_SECONDS, (err) =>
      console.error(`worker: bounce mailbox: ${(err as Error).message}`),
    )
  : null;
console.log(
  `Delivery worker running (${transport.name}, sweeping every ${env.EMAIL_POLL_SECONDS} s). Stop with Ctrl+C.`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    // Out within 10 s whatever hangs (issue 26): what is left in flight is claimed again later.
    setTimeout(() => process.exit(1), 10_000).unref();
    await Promise.all([worker.stop(), bounces?.stop()]);
    await closeDb();
    process.exit(0);
  });
}
