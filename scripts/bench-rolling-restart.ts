/**
 * `npm run bench:rolling-restart`: a rolling restart under load, as an operator deploys.
 *
 * Two `npm start` instances (the current build) on a fresh PostgreSQL database, behind nginx
 * with the repository's own deploy/nginx/gatehouse.conf.template (TLS, round robin,
 * `proxy_next_upstream error timeout`). While people load the sign-in page, sign in (the
 * no-JS form post a browser sends) and open their account page, each instance in turn gets
 * SIGTERM, exits, is started again and waits until /readyz says 200; the load runs from 10 s
 * before the first stop until 10 s after the second instance is back. Prints every answer by
 * status, any connection error, each instance's stop and start times, and the goal: zero
 * failed requests (issue 26). Exits 1 when a request failed, so it can gate a deploy recipe.
 *
 * Settings: BENCH_RATE (sign-ins per second, default 20; page views 20/s each), BENCH_PORT
 * (default 3791; uses it and the next three), BENCH_DATABASE_URL or TEST_DATABASE_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { hash } from '@node-rs/argon2';
import postgres from 'postgres';
import { servingPid, startCluster, startInstance, stopCluster, type Cluster } from '../e2e/support/cluster';
import { prepareNginx } from '../e2e/support/nginx-frame';
import { percentile } from './bench-support';

const SIGN_IN_RATE = Number(process.env.BENCH_RATE ?? 20);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3791);
const INSTANCE_PORTS = [BASE_PORT, BASE_PORT + 1] as const;
const HTTPS_PORT = BASE_PORT + 2;
const HTTP_PORT = BASE_PORT + 3;
const ORIGIN = `https://localhost:${HTTPS_PORT}`;
const PASSWORD = 'lantern-orchard-quietly-47';
const ACCOUNTS = 200;
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
const NGINX_DIR = path.resolve('.data/bench-rolling-restart/nginx');
// nginx's certificate is made by this run for localhost (below); this process's fetch accepts it.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const cluster = await startCluster(
  'rolling',
  INSTANCE_PORTS,
  // The instances believe nginx's X-Forwarded-For (one proxy), as in a deployment; the limit
  // per client address is lifted because every request of the bench comes from one address.
  { APP_URL: ORIGIN, TRUST_PROXY: '1', SIGNIN_IP_MAX_FAILURES: '100000' },
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL,
);
const nginx = startNginx();
const started = Date.now();
const note = (text: string) =>
  console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${text}`);

try {
  await seedAccounts(cluster);
  await waitFor(`${ORIGIN}/readyz`);
  const accountCookie = await signInCookie('client1@bench.example');

  console.log(
    `Rolling restart under load through nginx (${ORIGIN}): sign-ins ${SIGN_IN_RATE}/s, /login 20/s, /account 20/s …`,
  );
  const loads = [
    load('GET /login', [{ method: 'GET', path: '/login' }], 20),
    load('sign-in (no-JS form)', signInRequests(), SIGN_IN_RATE),
    load('GET /account', [{ method: 'GET', path: '/account', headers: { cookie: accountCookie } }], 20),
  ];
  const loadStart = Date.now();
  note('load begins');
  await sleep(10_000);
  await restartInstance(cluster, 1);
  await sleep(5_000);
  await restartInstance(cluster, 0);
  await sleep(10_000);
  for (const run of loads) run.stop();
  const results = await Promise.all(loads.map((run) => run.done));
  const loadSeconds = (Date.now() - loadStart) / 1000;
  note('load ends');

  console.log('');
  console.log(
    'route                   requests   per s   p50 ms   p99 ms   answers by status            failed',
  );
  let failed = 0;
  for (const r of results) {
    failed += r.failed;
    const statuses = Object.entries(r.statuses)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    console.log(
      `${r.name.padEnd(22)} ${String(r.count).padStart(9)} ${(r.count / loadSeconds).toFixed(1).padStart(7)} ${fmt(percentile(r.latencies, 50))} ${fmt(percentile(r.latencies, 99))}   ${statuses.padEnd(28)} ${String(r.failed).padStart(6)}`,
    );
  }
  console.log('');
  console.log(
    `Failed requests during the rolling restart: ${failed} (goal 0: a 5xx, a connection error or a timeout is a failure).`,
  );
  process.exitCode = failed === 0 ? 0 : 1;
} finally {
  nginx.kill('SIGQUIT');
  await stopCluster(cluster, INSTANCE_PORTS);
}

// ---- the restart

/**
 * Stops one instance as an orchestrator does (SIGTERM to the serving process, then waiting
 * for it to exit) and starts it again from the same build with the same settings.
 */
async function restartInstance(cluster: Cluster, n: number): Promise<void> {
  const port = INSTANCE_PORTS[n]!;
  const pid = await servingPid(port);
  note(`instance ${n + 1}: SIGTERM`);
  const stopAt = Date.now();
  process.kill(pid, 'SIGTERM');
  while (alive(pid)) await sleep(50);
  note(`instance ${n + 1}: exited after ${Date.now() - stopAt} ms`);
  const startAt = Date.now();
  await startInstance(cluster, n, port);
  note(`instance ${n + 1}: started again, ready after ${Date.now() - startAt} ms`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ---- nginx in front, from the deploy template

function startNginx(): ChildProcess {
  const args = prepareNginx(
    NGINX_DIR,
    {
      GATEHOUSE_SERVER_NAME: 'localhost',
      GATEHOUSE_APP_URL: ORIGIN,
      GATEHOUSE_HTTPS_PORT: String(HTTPS_PORT),
      GATEHOUSE_HTTP_PORT: String(HTTP_PORT),
      GATEHOUSE_INSTANCE_1: `127.0.0.1:${INSTANCE_PORTS[0]}`,
      GATEHOUSE_INSTANCE_2: `127.0.0.1:${INSTANCE_PORTS[1]}`,
    },
    'access_log off;',
  );
  return spawn('nginx', args, { stdio: 'inherit' });
}

// ---- load

interface Req {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (r: Req) => Req;
}

interface RouteResult {
  name: string;
  count: number;
  failed: number;
  statuses: Record<string, number>;
  latencies: number[];
}

/**
 * One route through nginx at a fixed rate until stopped; a 5xx, an error or a timeout counts
 * as failed. It is stopped 10 s after the last restart, so a request answered late still counts.
 */
function load(name: string, requests: Req[], rate: number): { stop(): void; done: Promise<RouteResult> } {
  const result: RouteResult = { name, count: 0, failed: 0, statuses: {}, latencies: [] };
  let instance: autocannon.Instance | undefined;
  const done = new Promise<RouteResult>((resolve, reject) => {
    const running = autocannon(
      {
        url: ORIGIN,
        duration: 3600,
        connections: 4,
        overallRate: rate,
        timeout: 20,
        requests: requests as autocannon.Request[],
      },
      (err) => (err ? reject(err) : resolve(result)),
    );
    instance = running;
    running.on('response', (_client, status, _bytes, responseTime) => {
      result.count++;
      result.latencies.push(responseTime);
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      if (status >= 500) result.failed++;
    });
    running.on('reqError', () => {
      result.count++;
      result.failed++;
      result.statuses.error = (result.statuses.error ?? 0) + 1;
    });
  });
  return { stop: () => instance?.stop(), done };
}

/** The sign-in form as a browser without JavaScript posts it; a random one of the seeded people each time. */
function signInRequests(): Req[] {
  return [
    {
      method: 'POST',
      path: '/login/password',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest: (r) => ({
        ...r,
        body: new URLSearchParams({
          email: `client${1 + Math.floor(Math.random() * ACCOUNTS)}@bench.example`,
          password: PASSWORD,
        }).toString(),
      }),
    },
  ];
}

// ---- setup

async function seedAccounts(cluster: Cluster): Promise<void> {
  const passwordHash = await hash(PASSWORD, ARGON2);
  const sql = postgres(cluster.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into users (email, name, role, status, password_hash)
              select 'client' || i || '@bench.example', 'Bench Client ' || i, 'client', 'active', ${passwordHash}
              from generate_series(1, ${ACCOUNTS}) i`;
  } finally {
    await sql.end();
  }
}

/** A session cookie for one seeded person, signed in through nginx as the no-JS form does. */
async function signInCookie(email: string): Promise<string> {
  const response = await fetch(`${ORIGIN}/login/password`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD }),
  });
  const session = response.headers.getSetCookie().find((c) => /^(__Host-)?gatehouse\.session=/.test(c));
  if (!session)
    throw new Error(`could not sign in ${email} (${response.status} to ${response.headers.get('location')})`);
  return session.split(';')[0]!;
}

async function waitFor(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within 120 s`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function fmt(ms: number): string {
  return (Number.isNaN(ms) ? '-' : ms.toFixed(1)).padStart(8);
}
