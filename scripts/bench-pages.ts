/**
 * `npm run bench:pages`: what one request costs the server, page by page. Against a running
 * production instance (`npm start`), this process (the load generator, apart from the server)
 * sends GETs with autocannon at a fixed concurrency over keep-alive connections and prints
 * pages per second and p50/p95/p99 for each target, with the goal beside /login.
 *
 *   BENCH_URL          the app (default http://localhost:3000)
 *   BENCH_SECONDS      seconds per target (default 10)
 *   BENCH_CONCURRENCY  connections (default 4, as in issue 15)
 *   BENCH_BASELINE_PORT  port for the bare Next.js page (default 4399; 0 leaves it out): the
 *                      framework's floor for a page rendered per request, on the same machine
 *   BENCH_SERVER_PID   optional: the server's process id (Linux); adds the CPU time the server
 *                      spent per request, a figure a busy machine disturbs far less than pages/s
 *   BENCH_CLIENT       optional "email:password" of a client: adds /account, the page a client
 *                      lands on after signing in, rendered with their session (goal ≥ 150/s)
 *   BENCH_STAFF        optional "email:password" of staff whose sign-in owes no second step
 *                      (e.g. a counselor, or REQUIRE_TWO_STEP_ROLES empty): adds /admin (goal ≥ 150/s)
 *
 * /login, /forgot-password and /help are answered from the edge's page cache when it is on
 * (PAGE_CACHE, the default): "/login, rendered" is the same page rendered per request.
 *
 * Every target must answer with its expected status; a run with errors says so, because a
 * fast error page is not a fast page.
 */
import autocannon from 'autocannon';
import { startBaselineApp } from './bench-baseline/start-baseline';
import { percentile, processCpuSeconds } from './bench-support';

export {}; // a module, for top-level await

const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
/** Issue 15: the sign-in page must render at least this many times a second (concurrency 4, 2 cores). */
const LOGIN_GOAL = 300;
/** Issue 24: the page a person lands on after signing in, rendered with their session. */
const LANDING_GOAL = 150;

interface Target {
  name: string;
  path: string;
  status: number;
  goal?: number;
  /** Another server than BENCH_URL (the bare Next.js app), and its process for CPU time. */
  origin?: string;
  pid?: number;
  /** A session cookie: the page is rendered for this signed-in person (never from the page cache). */
  cookie?: string;
}

/** Signs in the way the sign-in form does without JavaScript; the session cookie, checked to land on `expected`. */
async function sessionCookie(credentials: string, expected: string): Promise<string> {
  const colon = credentials.indexOf(':');
  const response = await fetch(new URL('/login/password', base), {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: new URL(base).origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: credentials.slice(0, colon), password: credentials.slice(colon + 1) }),
  });
  const cookie = response.headers.getSetCookie().find((c) => /^(__Host-)?gatehouse\.session=/.test(c));
  const lands = new URL(response.headers.get('location') ?? '/', base).pathname;
  if (!cookie || lands !== expected)
    throw new Error(
      `signing in ${credentials.slice(0, colon)} landed on ${lands} (${response.status}), not ${expected}`,
    );
  return cookie.split(';')[0]!;
}

/** A static file the build really serves: the first script the sign-in page names. */
async function staticFilePath(): Promise<string> {
  const html = await (await fetch(new URL('/login', base))).text();
  const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  if (!script)
    throw new Error(`no /_next/static script in ${base}/login: is a production build running there?`);
  return script;
}

const targets: Target[] = [
  { name: '/login', path: '/login', status: 200, goal: LOGIN_GOAL },
  // The same page rendered by Next.js for each request: an unknown query is never answered
  // from the edge's page cache (edge/page-cache.ts), and /login ignores it. What a
  // signed-in visitor, a client navigation or PAGE_CACHE=off costs.
  { name: '/login, rendered', path: '/login?bench=render', status: 200 },
  { name: '/forgot-password', path: '/forgot-password', status: 200 },
  { name: '/help', path: '/help', status: 200 },
  { name: '404 page', path: '/no-such-page', status: 404 },
  { name: '/api/auth/csrf', path: '/api/auth/csrf', status: 200 },
  { name: 'static file', path: await staticFilePath(), status: 200 },
];
if (process.env.BENCH_CLIENT)
  targets.push({
    name: '/account (client)',
    path: '/account',
    status: 200,
    goal: LANDING_GOAL,
    cookie: await sessionCookie(process.env.BENCH_CLIENT, '/account'),
  });
if (process.env.BENCH_STAFF)
  targets.push({
    name: '/admin (staff)',
    path: '/admin',
    status: 200,
    goal: LANDING_GOAL,
    cookie: await sessionCookie(process.env.BENCH_STAFF, '/admin'),
  });
const baselinePort = Number(process.env.BENCH_BASELINE_PORT ?? 4399);
const baselineApp = baselinePort ? await startBaselineApp(baselinePort) : null;
if (baselineApp)
  targets.push({
    name: 'bare Next.js page',
    path: '/',
    status: 200,
    origin: baselineApp.url,
    pid: baselineApp.process.pid,
  });

const serverPid = process.env.BENCH_SERVER_PID ? Number(process.env.BENCH_SERVER_PID) : undefined;
/** CPU seconds (user + system) a server process has used so far, or NaN without a pid. */
function serverCpuSeconds(pid: number | undefined): number {
  return pid ? processCpuSeconds(pid) : NaN;
}

interface Result {
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  wrongStatus: number;
  errors: number;
  cpuMsPerRequest: number;
}

function run(target: Target): Promise<Result> {
  return new Promise((resolve, reject) => {
    let wrongStatus = 0;
    const latencies: number[] = [];
    const pid = target.origin ? target.pid : serverPid;
    const cpuBefore = serverCpuSeconds(pid);
    const instance = autocannon(
      {
        url: new URL(target.path, target.origin ?? base).toString(),
        duration: SECONDS,
        connections: CONCURRENCY,
        // Browsers ask for compressed answers; the server's compression is part of a page's cost.
        headers: {
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'nl,en;q=0.8',
          ...(target.cookie ? { cookie: target.cookie } : {}),
        },
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          perSecond: result.requests.total / SECONDS,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          wrongStatus,
          errors: result.errors + result.timeouts,
          cpuMsPerRequest: ((serverCpuSeconds(pid) - cpuBefore) * 1000) / result.requests.total,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (status !== target.status) wrongStatus++;
    });
  });
}

// Warm up: the first render of each route compiles nothing in production, but fills caches.
for (const target of targets)
  for (let i = 0; i < 20; i++)
    await (
      await fetch(new URL(target.path, target.origin ?? base), {
        headers: target.cookie ? { cookie: target.cookie } : {},
      })
    ).text();

console.log(
  `Pages per second at ${base}, concurrency ${CONCURRENCY}, ${SECONDS} s each (load generator in this process, server apart):`,
);
console.log(
  `  ${'target'.padEnd(18)} ${'pages/s'.padStart(8)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}${serverPid ? '  CPU ms/request (server)' : ''}`,
);
let failed = false;
for (const target of targets) {
  const r = await run(target);
  const goal =
    target.goal === undefined
      ? ''
      : `  goal ≥ ${target.goal}/s: ${r.perSecond >= target.goal ? 'PASS' : 'FAIL'}`;
  const problems =
    r.wrongStatus || r.errors ? `  ! ${r.wrongStatus} answers not ${target.status}, ${r.errors} errors` : '';
  if (problems) failed = true;
  console.log(
    `  ${target.name.padEnd(18)} ${r.perSecond.toFixed(0).padStart(8)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.p99)}${serverPid ? ` ${r.cpuMsPerRequest.toFixed(1).padStart(7)}` : ''}${goal}${problems}`,
  );
}
console.log(
  "  (/login, /forgot-password and /help come from the edge's page cache unless the server runs with PAGE_CACHE=off;",
);
console.log('   "/login, rendered" is the same page rendered by Next.js for each request.)');
baselineApp?.stop();
if (failed) process.exitCode = 1;

function ms(value: number): string {
  return `${Number.isNaN(value) ? '-' : value.toFixed(0)}ms`.padStart(7);
}
