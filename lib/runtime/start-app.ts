/**
 * What the app does once per server process before serving: open the database (which
 * migrates it), and for the embedded quick start, listen for the command line and make
 * the demo accounts on first run.
 */
import 'server-only';
import { env } from '@/lib/env';
import { closeDb, embeddedDataDir, getDb } from '@/lib/db/client';
import { startControlServer } from './control-socket';
import { runAccountsCommand } from '@/lib/accounts/command-line';
import { runClientsCommand } from '@/lib/oidc/clients/command-line';
import { seedDemoAccounts } from '@/lib/accounts/seed-demo';
import { resumeStalledImports } from '@/lib/accounts/import/resume-stalled-imports';
import { registerNudge } from '@/lib/email/outbox';
import { configuredTransport } from '@/lib/email/transports';
import { runEmailWorker } from '@/lib/email/worker';
import { runBounceReader } from '@/lib/email/bounces/run-bounce-reader';
import { isDatabaseReachable } from './readiness';
import {
  edgeMarker,
  markWorkerRunning,
  offerOidcHandler,
  onShutdown,
  onStopRequested,
  shareDatabaseProbe,
} from './edge-seam';
import { answerOidcRequest, startOidcWorkers } from '@/lib/oidc/start';

function startDeliveryWorker(): void {
  const transport = configuredTransport();
  const worker = runEmailWorker(getDb, transport, env.EMAIL_POLL_SECONDS, (err) =>
    console.error(`[email] ${(err as Error).message}`),
  );
  registerNudge(worker.nudge);
  // On SIGTERM the worker stops claiming at once and finishes (and records) the email being
  // sent while requests drain; /readyz says 503 from that moment.
  markWorkerRunning(true);
  onStopRequested(async () => {
    markWorkerRunning(false);
    await worker.stop();
  });
  startBounceReader();
  if (transport.name === 'mailbox') {
    console.log(
      `No SMTP_URL: emails are not delivered but kept in the dev mailbox at ${env.APP_URL}/dev/mailbox (application managers only).`,
    );
  }
}

/** With EMAIL_BOUNCE_IMAP_URL: reads bounce reports after acceptance into the outbox (issue 30). */
function startBounceReader(): void {
  if (!env.EMAIL_BOUNCE_IMAP_URL) return;
  const reader = runBounceReader(getDb, env.EMAIL_BOUNCE_IMAP_URL, env.EMAIL_BOUNCE_POLL_SECONDS, (err) =>
    console.error(`[email] bounce mailbox: ${(err as Error).message}`),
  );
  onShutdown(() => reader.stop());
}

/** How often this instance looks for import batches whose importer died (kill -9, a lost machine). */
const IMPORT_RESUME_SECONDS = 60;

/**
 * Takes up import batches left "importing" by a process that died: at start (an instance
 * restarted after a kill) and every minute (another instance died). Any instance may; one
 * wins each batch (resume-stalled-imports.ts).
 */
function startImportResumer(): void {
  const resume = () =>
    resumeStalledImports().then(
      (done) => {
        for (const r of done)
          console.log(
            `[import] took up batch ${r.batchId} left by a stopped process: ${r.created} created, ${r.exists} exist, ${r.skipped} skipped`,
          );
      },
      (err: unknown) => console.error(`[import] ${(err as Error).message}`),
    );
  void resume();
  const timer = setInterval(resume, IMPORT_RESUME_SECONDS * 1000);
  timer.unref();
  onShutdown(async () => clearInterval(timer));
}

/** The OpenID Connect provider: its handler for the edge, and its background work (key checks, back-channel logouts). */
function startOidc(): void {
  offerOidcHandler(answerOidcRequest);
  const stopWorkers = startOidcWorkers();
  onShutdown(async () => {
    offerOidcHandler(undefined);
    await stopWorkers();
  });
}

/**
 * `next start` would serve without the edge server: no client addresses (every per-IP
 * limit void) and URLs built from the bind address. Refuse to serve like that.
 */
function refuseWithoutEdge(): void {
  if (env.NODE_ENV !== 'production' || edgeMarker()) return;
  console.error(
    'Gatehouse must be started with `npm start` (its server decides client addresses and the public URL); `next start` is not supported.',
  );
  process.exit(1);
}

export async function startGatehouse(): Promise<void> {
  refuseWithoutEdge();
  shareDatabaseProbe(isDatabaseReachable);
  await getDb();
  onShutdown(closeDb);
  startDeliveryWorker();
  startImportResumer();
  startOidc();
  if (!env.embedded) return;
  await startControlServer(embeddedDataDir(), (argv, program) =>
    program === 'clients' ? runClientsCommand(argv) : runAccountsCommand(argv),
  );
  const demo = await seedDemoAccounts();
  if (demo.length > 0) {
    const lines = [
      '',
      `Demo accounts for ${env.PLATFORM_NAME} (shown once; only their hashes are stored):`,
      ...demo.map((d) => `  ${d.role.padEnd(20)} ${d.email.padEnd(34)} password: ${d.password}`),
      `Sign in at ${env.APP_URL}/login`,
      '',
    ];
    console.log(lines.join('\n'));
  }
}
