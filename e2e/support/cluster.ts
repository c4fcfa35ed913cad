/**
 * A small cluster of the fault tests' own: `npm start` instances (the same build) started
 * by the test on a fresh PostgreSQL database, delivering to an SMTP server inside the test
 * process that the test stops and starts. So a test can kill an instance or take the mail
 * server away without disturbing the shared production-shape instances.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { SmtpSink } from '../../lib/test/smtp-sink';
import { SERVER_NODE_FLAGS } from '../../edge/node-flags';
import { RUN_SUFFIX } from './ports';

const run = promisify(execFile);

export interface Cluster {
  name: string;
  databaseUrl: string;
  sink: SmtpSink;
  env: NodeJS.ProcessEnv;
  instances: ChildProcess[];
  origin: string;
  logOf(n: number): string;
  nodeFlags: string[];
  cwd?: string;
}

export async function startCluster(
  name: string,
  ports: readonly number[],
  /** More settings, or a function of the fresh database's URL giving them (e.g. a pooler in front of it). */
  extraEnv: Record<string, string> | ((databaseUrl: string) => Record<string, string>) = {},
  serverUrl = process.env.TEST_DATABASE_URL,
  /** Node flags for each instance (tsx hands them on), e.g. --cpu-prof for a benchmark. */
  nodeFlags: string[] = [],
  /** Another checkout to start the instances from (its own build), e.g. bench:sign-in's "before". */
  cwd?: string,
): Promise<Cluster> {
  if (!serverUrl) throw new Error('a PostgreSQL server URL is needed (TEST_DATABASE_URL)');
  const server = new URL(serverUrl);
  const dbName = `gatehouse_e2e_${name}${RUN_SUFFIX}`;
  const admin = postgres(Object.assign(new URL(server), { pathname: '/postgres' }).toString(), {
    max: 1,
    onnotice: () => {},
  });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  const sink = await new SmtpSink().start(0);
  const databaseUrl = Object.assign(new URL(server), { pathname: `/${dbName}` }).toString();
  const origin = `http://localhost:${ports[0]}`;
  const logDir = `.data/e2e-logs${RUN_SUFFIX}`;
  fs.mkdirSync(logDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APP_URL: origin,
    PLATFORM_NAME: 'Gatehouse faults e2e',
    DEFAULT_LOCALE: 'en',
    DATABASE_URL: databaseUrl,
    SMTP_URL: sink.url,
    AUTH_SECRET: 'e2e-faults-only-secret-0123456789abcdefgh',
    EMAIL_POLL_SECONDS: '1',
    EMAIL_RETRY_SECONDS: '2',
    EMAIL_CLAIM_SECONDS: '8',
    LOG_FORMAT: 'json',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    // As `npm start` sets it (package.json): the thread pool argon2 and webcrypto share.
    UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16',
    // Staff sign in with a password alone on these clusters (fault tests, load bench).
    REQUIRE_TWO_STEP_ROLES: '',
    ...(typeof extraEnv === 'function' ? extraEnv(databaseUrl) : extraEnv),
  };
  const instances: ChildProcess[] = [];
  const logOf = (n: number) => `${logDir}/${name}-${n + 1}.log`;
  const cluster: Cluster = { name, databaseUrl, sink, env, instances, origin, logOf, nodeFlags, cwd };
  // One after the other: the first migrates the fresh database.
  for (const [n, port] of ports.entries()) {
    fs.writeFileSync(logOf(n), '');
    await startInstance(cluster, n, port);
  }
  return cluster;
}

/**
 * Starts instance n of the cluster on a port (again, after it stopped: a rolling restart)
 * and waits until it is ready. Its output goes on in the same log file.
 */
export async function startInstance(cluster: Cluster, n: number, port: number): Promise<void> {
  const out = fs.openSync(cluster.logOf(n), 'a');
  const child = spawn(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', ...SERVER_NODE_FLAGS, ...cluster.nodeFlags, 'scripts/start.ts'],
    {
      env: {
        ...cluster.env,
        PORT: String(port),
        DATA_DIR: `.data/e2e-${cluster.name}${RUN_SUFFIX}/instance-${n + 1}`,
      },
      stdio: ['ignore', out, out],
      cwd: cluster.cwd,
    },
  );
  cluster.instances.push(child);
  await waitUntilReady(`http://localhost:${port}`);
}

async function waitUntilReady(base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const status = await fetch(`${base}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${base} did not become ready`);
}

export async function stopCluster(cluster: Cluster, ports: readonly number[]): Promise<void> {
  for (const port of ports) {
    const pid = await servingPid(port).catch(() => null);
    if (pid) {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    }
  }
  for (const child of cluster.instances)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await cluster.sink.stop();
}

/** The pid of the node process serving on a port (tsx runs the server in a child process). */
export async function servingPid(port: number): Promise<number> {
  const { stdout } = await run('ss', ['-Hltnp', `sport = :${port}`]);
  const pid = /pid=(\d+)/.exec(stdout)?.[1];
  if (!pid) throw new Error(`nothing listens on ${port}`);
  return Number(pid);
}

/** Invited accounts made in one process through the real domain function; their addresses. */
export async function createCrowd(cluster: Cluster, count: number, prefix: string): Promise<string[]> {
  const { stdout } = await run(
    process.execPath,
    [
      'node_modules/tsx/dist/cli.mjs',
      '--import',
      './scripts/allow-server-only.mjs',
      'e2e/support/create-accounts.ts',
      String(count),
      prefix,
    ],
    {
      env: { ...cluster.env, DATA_DIR: '.data/e2e-crowd' },
      maxBuffer: 10 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
}

/** Outbox rows by status, read straight from the cluster's database. */
export async function outboxStatuses(cluster: Cluster): Promise<Record<string, number>> {
  const sql = postgres(cluster.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<
      { status: string; count: number }[]
    >`select status::text, count(*)::int as count from email_outbox group by status`;
    return Object.fromEntries(rows.map((r) => [r.status, r.count]));
  } finally {
    await sql.end();
  }
}

/** The delivery status of the email to one address, read straight from the cluster's database. */
export async function outboxStatusOf(cluster: Cluster, to: string): Promise<string | undefined> {
  const sql = postgres(cluster.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<
      { status: string }[]
    >`select status::text from email_outbox where to_address = ${to} order by created_at desc limit 1`;
    return row?.status;
  } finally {
    await sql.end();
  }
}
