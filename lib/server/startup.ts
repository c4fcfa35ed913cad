/**
 * What the app does once per server process before serving: open the database (which
 * migrates it), and for the embedded quick start, listen for the command line and make
 * the demo accounts on first run.
 */
import 'server-only';
import { env } from '@/lib/env';
import { embeddedDataDir, getDb } from '@/lib/db/client';
import { startControlServer } from './control-socket';
import { runAccountsCommand } from '@/lib/accounts/command-line';
import { seedDemoAccounts } from '@/lib/accounts/seed-demo';
import { registerNudge } from '@/lib/email/outbox';
import { configuredTransport } from '@/lib/email/transports';
import { runEmailWorker } from '@/lib/email/worker';

function startDeliveryWorker(): void {
  const transport = configuredTransport();
  const worker = runEmailWorker(getDb, transport, env.EMAIL_POLL_SECONDS, (err) => console.error(`[email] ${(err as Error).message}`));
  registerNudge(worker.nudge);
  if (transport.name === 'mailbox') {
    console.log(`No SMTP_URL: emails are not delivered but kept in the dev mailbox at ${env.APP_URL}/dev/mailbox (application managers only).`);
  }
}

export async function startGatehouse(): Promise<void> {
  await getDb();
  startDeliveryWorker();
  if (!env.embedded) return;
  await startControlServer(embeddedDataDir(), runAccountsCommand);
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
