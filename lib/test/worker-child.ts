/**
 * A delivery worker in its own process, sending through the SMTP server at argv[2], for a
 * test to kill (SIGKILL) mid-delivery (lib/email/worker-kill.int.test.ts), started by
 * lib/test/spawn-typescript.ts (one process, so the kill reaches it), with the test's
 * DATABASE_URL in its environment.
 */
import { getDb } from '@/lib/db/client';
import { smtpTransport } from '@/lib/email/transports';
import { runEmailWorker } from '@/lib/email/worker';

runEmailWorker(
  getDb,
  smtpTransport(process.argv[2]!),
  1,
  (err) => console.error((err as Error).message),
  1e9,
);
setInterval(() => {}, 1000);
