/**
 * `npm run bench:outbox`: an application manager invites a whole clinic at once.
 *
 * Starts a local SMTP server (smtp-server, loopback) and two delivery workers as separate
 * processes (`scripts/worker.ts`, what `npm run worker` runs: two app instances' worth) on
 * one fresh PostgreSQL database; then queues the welcome emails through the real import
 * (startImport + confirmImport, 5,000 rows a file, the most one import takes) and waits
 * until the SMTP server has accepted every one. Prints emails per second, the time until
 * the last one was accepted, and checks that none was sent twice (Message-IDs counted at
 * the SMTP server) and that every outbox row ends 'sent'.
 *
 *   BENCH_DATABASE_URL  database to use; dropped and made again (default: TEST_DATABASE_URL's
 *                       server, database gatehouse_bench_outbox)
 *   BENCH_EMAILS        how many welcome emails (default 10000)
 *   BENCH_WORKERS       how many worker processes (default 2)
 *   BENCH_WORKER_NODE_ARGS  extra node flags for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { SMTPServer } from 'smtp-server';
import { processCpuSeconds } from './bench-support';

const GOAL_SECONDS = 60;
const emails = Number(process.env.BENCH_EMAILS ?? 10_000);
const workerCount = Number(process.env.BENCH_WORKERS ?? 2);
const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const target = new URL(serverUrl);
if (!process.env.BENCH_DATABASE_URL) target.pathname = '/gatehouse_bench_outbox';

// A fresh database each run, so the outbox holds exactly this run's emails.
const admin = new URL(target);
admin.pathname = '/postgres';
const adminSql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
const dbName = target.pathname.slice(1);
await adminSql.unsafe(`drop database if exists "${dbName}" with (force)`);
await adminSql.unsafe(`create database "${dbName}"`);
await adminSql.end();

// The SMTP server: reads each message's header only (parsing whole messages would cost this
// process more CPU than the workers spend) and counts every Message-ID it accepts.
const accepted = new Map<string, number>();
let firstAcceptedAt = 0;
let lastAcceptedAt = 0;
let connections = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onConnect(_session, callback) {
    connections++;
    callback();
  },
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (!head.includes('\r\n\r\n')) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(no Message-ID)';
      accepted.set(id, (accepted.get(id) ?? 0) + 1);
      lastAcceptedAt = performance.now();
      firstAcceptedAt ||= lastAcceptedAt;
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

// The app's modules read their configuration from the environment; the workers get the same.
const benchEnv = {
  DATABASE_URL: target.toString(),
  SMTP_URL: smtpUrl,
  AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('base64url'),
  APP_URL: 'http://localhost:3000',
  PLATFORM_NAME: 'Gatehouse bench',
};
Object.assign(process.env, benchEnv);
const { getDb, closeDb } = await import('@/lib/db/client');
const { startImport } = await import('@/lib/accounts/import/start-import');
const { confirmImport } = await import('@/lib/accounts/import/confirm-import');
const { MAX_IMPORT_ROWS } = await import('@/lib/accounts/import/parse-csv');
const { OPERATOR } = await import('@/lib/accounts/actor');
await getDb(); // migrates, before the workers start

function startWorker(n: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      '--import',
      './scripts/allow-server-only.mjs',
      'scripts/worker.ts',
    ],
    {
      cwd: path.resolve(import.meta.dirname, '..'),
      // Production, as an app instance runs (React's development build renders twice as slowly).
      env: { ...process.env, ...benchEnv, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker ${n} exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Delivery worker running')) resolve(child);
    });
  });
}
const workers = await Promise.all(Array.from({ length: workerCount }, (_, i) => startWorker(i + 1)));

// The clinic: one CSV per MAX_IMPORT_ROWS people, imported as an application manager would.
const started = performance.now();
for (let from = 0; from < emails; from += MAX_IMPORT_ROWS) {
  const count = Math.min(MAX_IMPORT_ROWS, emails - from);
  const lines = ['name,email,role,language'];
  for (let i = from; i < from + count; i++)
    lines.push(`Client ${i},client${i}@clinic.example,client,${i % 3 === 0 ? 'en' : 'nl'}`);
  const file = await startImport({
    bytes: new TextEncoder().encode(lines.join('\n')),
    fileName: `clinic-${from}.csv`,
    actor: OPERATOR,
  });
  if (!file.ok) throw new Error(`import refused: ${JSON.stringify(file)}`);
  const done = await confirmImport({ batchId: file.batchId, actor: OPERATOR });
  if (!done.ok || done.created !== count) throw new Error(`import failed: ${JSON.stringify(done)}`);
}
const queuedAt = performance.now();

const total = () => [...accepted.values()].reduce((a, b) => a + b, 0);
const deadline = Date.now() + 5 * GOAL_SECONDS * 1000;
while (accepted.size < emails && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
// A moment longer, so a message sent twice late would still be counted.
await new Promise((r) => setTimeout(r, 2000));
// CPU the workers used (user + system): a figure a busy machine does not distort.
const workerCpu = workers.reduce((sum, w) => sum + processCpuSeconds(w.pid!), 0);
const benchCpu = process.cpuUsage();
await Promise.all(
  workers.map(
    (w) =>
      new Promise<void>((resolve) => {
        w.removeAllListeners('exit');
        w.once('exit', () => resolve());
        w.kill('SIGTERM');
      }),
  ),
);

const db = postgres(target.toString(), { max: 1, onnotice: () => {} });
const statuses = await db<{ status: string; n: number; maxAttempts: number }[]>`
  select status, count(*)::int as n, max(attempts)::int as "maxAttempts" from email_outbox group by status`;
await db.end();
await closeDb();
await new Promise<void>((resolve) => smtp.close(() => resolve()));

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const twice = [...accepted.values()].filter((n) => n > 1).length;
const sent = statuses.find((s) => s.status === 'sent')?.n ?? 0;
const lastSeconds = (lastAcceptedAt - started) / 1000;
const rate = accepted.size / ((lastAcceptedAt - started) / 1000);
const ok = accepted.size === emails && twice === 0 && sent === emails && lastSeconds < GOAL_SECONDS;
console.log(
  `outbox: ${emails.toLocaleString('en')} welcome emails, ${workerCount} worker processes, one PostgreSQL, SMTP on loopback (${connections} connections)`,
);
console.log(
  `  queued (import, ${Math.ceil(emails / MAX_IMPORT_ROWS)} files)   ${seconds(queuedAt - started)} s after the import started`,
);
console.log(`  first accepted              ${seconds(firstAcceptedAt - started)} s`);
console.log(
  `  last accepted               ${lastSeconds.toFixed(1)} s   (goal: all ${emails.toLocaleString('en')} under ${GOAL_SECONDS} s) ${lastSeconds < GOAL_SECONDS ? 'PASS' : 'FAIL'}`,
);
console.log(
  `  emails per second           ${rate.toFixed(0)} overall, ${(accepted.size / ((lastAcceptedAt - firstAcceptedAt) / 1000)).toFixed(0)} from first to last accepted`,
);
console.log(
  `  accepted by SMTP            ${accepted.size.toLocaleString('en')} distinct Message-IDs, ${total().toLocaleString('en')} messages; sent twice: ${twice} (goal: 0) ${twice === 0 ? 'PASS' : 'FAIL'}`,
);
console.log(
  `  outbox rows                 ${statuses.map((s) => `${s.status} ${s.n} (attempts ≤ ${s.maxAttempts})`).join(', ')} (goal: all sent) ${sent === emails ? 'PASS' : 'FAIL'}`,
);
console.log(
  `  CPU                         workers ${((workerCpu * 1000) / emails).toFixed(1)} ms per email (${workerCpu.toFixed(1)} s in all, start-up included); this process (import + SMTP server) ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s`,
);
console.log(ok ? 'PASS' : 'FAIL');
process.exit(ok ? 0 : 1);
