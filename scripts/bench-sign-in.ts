/**
 * `npm run bench:sign-in`: how close the sign-in people's browsers make comes to the cost of
 * its argon2 verify, the part that is expensive on purpose.
 *
 * Starts its own `npm start` instance (the current build) on a fresh PostgreSQL database
 * (the server named by BENCH_DATABASE_URL or TEST_DATABASE_URL) and seeds accounts. Then it
 * drives Chromium once per way of signing in (JavaScript on, JavaScript off) through the
 * /login page and CAPTURES the request the browser sent to sign in (method, URL, headers,
 * body): nothing here is hand-made. It replays each captured request with autocannon, the
 * email replaced by one of the seeded accounts, and prints in one run:
 *   1. raw argon2 verifies per second in one Node process, with the app's parameters and
 *      BENCH_CONCURRENCY verifies in flight (the server idle meanwhile);
 *   2. browser sign-ins per second over HTTP at the same concurrency, JS on and JS off: a
 *      sign-in counts when its answer sets the session cookie;
 *   3. each one's ratio to 1. (goal ≥ 0.6, floor 0.5): raw argon2 and the replays alternate
 *      for BENCH_ROUNDS rounds and the median round's figures are the result;
 *   4. p50/p95/p99 at 100 % and at 50 % of each maximum (goal: p99 under 150 ms at 50 %);
 *   5. app CPU per sign-in, each way, and what it costs besides argon2;
 *   6. failed sign-ins (JS on): the median for a wrong password and for an unknown address,
 *      which must not differ (no account discovery by timing).
 *
 * The same build is measured a second time through PgBouncer in transaction mode (Debian's
 * `pgbouncer`, lib/test/pgbouncer.ts; the app with DATABASE_POOLER=transaction), as operators
 * past one connection pool run it (issue 26): the "pgbouncer" lines. BENCH_PGBOUNCER=0 skips it.
 *
 * BENCH_BEFORE_DIR names another checkout with its own build (e.g. a worktree of the commit
 * before a change, after `npm run build` there): its instance is started too, captured the
 * same way and measured in the same rounds, so before and after come from one run.
 *
 *   BENCH_CONCURRENCY  verifies / connections in flight (default 4)
 *   BENCH_SECONDS      length of each timed run (default 10)
 *   BENCH_ROUNDS       alternating rounds (default 3)
 *   BENCH_PORT         the instance's port (default 3281; the "before" one uses the next)
 */
import autocannon from 'autocannon';
import { chromium } from '@playwright/test';
import { hash, verify } from '@node-rs/argon2';
import postgres from 'postgres';
import { servingPid, startCluster, stopCluster, type Cluster } from '../e2e/support/cluster';
import { startPgBouncer, type PgBouncer } from '../lib/test/pgbouncer';
import { percentile, processCpuSeconds } from './bench-support';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3281);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BEFORE_DIR = process.env.BENCH_BEFORE_DIR;
const RAW_SECONDS = Math.min(SECONDS, 4);
const PASSWORD = 'lantern-orchard-quietly-47';
const ACCOUNTS = 500;
/** The account the browser signs in as while its request is captured (never replayed as is). */
const CAPTURE_EMAIL = `client${ACCOUNTS}@bench.example`;
// The app's defaults (lib/env.ts): OWASP's argon2id with 19 MiB, t=2, p=1.
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
interface Target {
  label: string;
  port: number;
  cluster: Cluster;
  pid: number;
  captures: { js: Captured; noJs: Captured };
}

const targets: Target[] = [];
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
let bouncer: PgBouncer | null = null;
try {
  const hashes = await Promise.all(Array.from({ length: ACCOUNTS }, () => hash(PASSWORD, ARGON2)));
  if (process.env.BENCH_PGBOUNCER !== '0' && serverUrl) bouncer = await startPgBouncer({ serverUrl });
  for (const [label, port, cwd] of [
    ['after', PORT, undefined],
    ...(BEFORE_DIR ? [['before', PORT + 1, BEFORE_DIR] as const] : []),
    ...(bouncer ? [['pgbouncer', PORT + 2, undefined] as const] : []),
  ] as const) {
    // The bench is one client address making thousands of attempts: lift the per-IP limit only.
    const limits = { SIGNIN_IP_MAX_FAILURES: '100000' };
    const cluster = await startCluster(
      `bench_sign_in_${label}`,
      [port],
      label === 'pgbouncer' && bouncer
        ? (direct) => ({
            ...limits,
            DATABASE_URL: bouncer!.url(direct),
            DATABASE_POOLER: 'transaction',
            MIGRATION_DATABASE_URL: direct,
          })
        : limits,
      serverUrl,
      [],
      cwd,
    );
    const target: Target = { label, port, cluster, pid: await servingPid(port), captures: undefined! };
    targets.push(target);
    await seed(cluster.databaseUrl, hashes);
    target.captures = { js: await capture(port, true), noJs: await capture(port, false) };
  }
  for (const t of targets)
    for (const [way, c] of Object.entries(t.captures))
      console.log(
        `captured (${t.label}, ${way}): ${c.method} ${c.path}  content-type: ${c.headers['content-type']}${c.headers['next-action'] ? '  next-action: yes' : ''}  accept: ${c.headers.accept}`,
      );

  const passwordHash = hashes[0]!;
  await verify(passwordHash, PASSWORD); // warm up
  const oneVerify = await singleVerifyMs(passwordHash);
  const rawCpu = await cpuOfThisProcess(async () => (await rawVerifies(passwordHash, CONCURRENCY, 2)) * 2);
  const verifyCpu = rawCpu.ms / rawCpu.result;
  const series = targets.flatMap((t) =>
    (['js', 'noJs'] as const).map((way) => ({ target: t, way, request: t.captures[way] })),
  );
  for (const s of series) await run(s.target.port, s.request, { seconds: 2 }); // warm up every route

  // Raw argon2 and each replay alternate: this virtual machine's speed drifts by ±10 % from
  // one minute to the next, so each round's ratio compares neighbours and the median round
  // is reported (every round is printed).
  const rounds: { raw: number; runs: { result: RunResult; cpuMs: number }[] }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const raw = await rawVerifies(passwordHash, CONCURRENCY, RAW_SECONDS);
    const runs = [];
    for (const s of series) {
      const before = processCpuSeconds(s.target.pid);
      const result = await run(s.target.port, s.request, { seconds: SECONDS });
      runs.push({ result, cpuMs: (processCpuSeconds(s.target.pid) - before) * 1000 });
    }
    rounds.push({ raw, runs });
  }

  console.log('');
  console.log(
    `browser sign-ins, argon2id m=${ARGON2.memoryCost} t=${ARGON2.timeCost} p=${ARGON2.parallelism}, concurrency ${CONCURRENCY}, ${SECONDS} s runs, ${ROUNDS} rounds; one argon2 verify alone ${oneVerify.toFixed(1)} ms, ${verifyCpu.toFixed(1)} ms CPU`,
  );
  console.log(
    '  build     way      sign-ins/s  raw argon2/s  ratio (rounds)            p50 ms  p95 ms  p99 ms  failed  CPU/sign-in (besides argon2)',
  );
  const summary: { s: (typeof series)[number]; rate: number }[] = [];
  for (const [i, s] of series.entries()) {
    const ratios = rounds.map((r) => r.runs[i]!.result.signIns / SECONDS / r.raw);
    const medianRound = rounds[ratios.indexOf([...ratios].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!)]!;
    const m = medianRound.runs[i]!.result;
    const rate = m.signIns / SECONDS;
    const signIns = rounds.reduce((sum, r) => sum + r.runs[i]!.result.signIns, 0);
    const cpu = rounds.reduce((sum, r) => sum + r.runs[i]!.cpuMs, 0) / signIns;
    const ratio = rate / medianRound.raw;
    summary.push({ s, rate });
    console.log(
      `  ${s.target.label.padEnd(9)} ${(s.way === 'js' ? 'JS on' : 'JS off').padEnd(8)} ${rate.toFixed(1).padStart(10)} ${medianRound.raw.toFixed(1).padStart(13)}  ${ratio.toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(' ')})${' '.repeat(Math.max(1, 16 - ROUNDS * 5))}${fmt(m.p50)}${fmt(m.p95)}${fmt(m.p99)}${String(m.failures).padStart(8)}  ${cpu.toFixed(1)} ms (${(cpu - verifyCpu).toFixed(1)} ms)  ${ratio >= 0.6 ? 'goal ≥ 0.6 met' : ratio >= 0.5 ? 'floor 0.5 met' : 'below the floor 0.5'}`,
    );
  }
  console.log('');
  console.log('  at 50 % of each maximum rate            sign-ins/s  p50 ms  p95 ms  p99 ms  failed');
  for (const { s, rate } of summary) {
    const half = await run(s.target.port, s.request, { seconds: SECONDS, rate: rate / 2 });
    console.log(
      `  ${s.target.label.padEnd(9)} ${(s.way === 'js' ? 'JS on' : 'JS off').padEnd(29)} ${(half.signIns / SECONDS).toFixed(1).padStart(10)}${fmt(half.p50)}${fmt(half.p95)}${fmt(half.p99)}${String(half.failures).padStart(8)}  ${half.p99 < 150 ? 'p99 goal < 150 ms met' : 'p99 over 150 ms'}`,
    );
  }
  const after = targets[0]!;
  const failed = await failedTimings(after.port, after.captures.js);
  console.log('');
  console.log(
    `  failed sign-in (after, JS on), one at a time: wrong password median ${failed.wrong.toFixed(1)} ms, unknown address ${failed.unknown.toFixed(1)} ms (difference ${Math.abs(failed.wrong - failed.unknown).toFixed(1)} ms; should be within noise)`,
  );
} finally {
  for (const t of targets) await stopCluster(t.cluster, [t.port]);
  await bouncer?.stop();
}

// ---- helpers

async function seed(databaseUrl: string, hashes: string[]): Promise<void> {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  // Each account has its own hash (as in life), made with the app's parameters.
  await sql`insert into users ${sql(
    hashes.map((h, i) => ({
      email: `client${i + 1}@bench.example`,
      name: `Bench Client ${i + 1}`,
      role: 'client',
      status: 'active',
      password_hash: h,
    })),
  )}`;
  await sql`analyze users`;
  await sql.end();
}

/**
 * Signs in once through /login in Chromium, as a person would, and returns the request the
 * browser sent to sign in (the first POST after pressing the button). With JavaScript the
 * click waits until React has hydrated the form, or the browser would post it the plain way.
 */
async function capture(port: number, javaScriptEnabled: boolean): Promise<Captured> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/login`);
    if (javaScriptEnabled)
      await page.waitForFunction(() => {
        const form = document.querySelector('input[name="password"]')?.closest('form');
        return !!form && Object.keys(form).some((key) => key.startsWith('__reactProps'));
      });
    await page.getByLabel('Email address', { exact: true }).fill(CAPTURE_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    const sent = page.waitForRequest((r) => r.method() === 'POST');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const request = await sent;
    await page.waitForURL(/\/account$/);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(await request.allHeaders()))
      if (!name.startsWith(':') && !['host', 'content-length', 'connection'].includes(name))
        headers[name] = value;
    const url = new URL(request.url());
    return {
      method: request.method(),
      path: url.pathname + url.search,
      headers,
      body: request.postData() ?? '',
    };
  } finally {
    await browser.close();
  }
}

/** Verifies per second with `concurrency` in flight, for `seconds`. */
async function rawVerifies(phc: string, concurrency: number, seconds: number): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await verify(phc, PASSWORD);
        done++;
      }
    }),
  );
  return done / seconds;
}

async function singleVerifyMs(phc: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await verify(phc, PASSWORD);
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

async function cpuOfThisProcess<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { result, ms: (used.user + used.system) / 1000 };
}

/** The captured body for another account (and, for failures, another password). */
function bodyFor(request: Captured, email: string, password = PASSWORD): string {
  const encoded = (s: string) =>
    request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams({ s }).toString().slice(2)
      : s;
  return request.body
    .split(encoded(CAPTURE_EMAIL))
    .join(encoded(email))
    .split(encoded(PASSWORD))
    .join(encoded(password));
}

interface RunResult {
  signIns: number;
  failures: number;
  p50: number;
  p95: number;
  p99: number;
}

interface Context {
  started?: number;
}

/** Replays a captured sign-in; one counts when its answer sets the session cookie. */
function run(
  port: number,
  request: Captured,
  options: { seconds: number; rate?: number },
): Promise<RunResult> {
  const latencies: number[] = [];
  let failures = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://localhost:${port}`,
        duration: options.seconds,
        connections: CONCURRENCY,
        ...(options.rate ? { overallRate: Math.max(1, options.rate) } : {}),
        requests: [
          {
            method: request.method as 'POST',
            path: request.path,
            setupRequest: (req, context: Context) => {
              context.started = performance.now();
              const email = `client${1 + Math.floor(Math.random() * (ACCOUNTS - 1))}@bench.example`;
              // A copy: autocannon writes Content-Length into the headers object it is given.
              return { ...req, headers: { ...request.headers }, body: bodyFor(request, email) };
            },
            onResponse: (status, _body, context: Context, headers) => {
              // Header names come as sent (Next writes some capitalised): compare in lower case.
              const cookies = Object.entries(headers as Record<string, string | string[]>)
                .filter(([k]) => k.toLowerCase() === 'set-cookie')
                .flatMap(([, v]) => [v].flat());
              if (status < 400 && cookies.some((c) => /^(__Host-)?gatehouse\.session=./.test(c)))
                latencies.push(performance.now() - context.started!);
              else failures++;
            },
          },
        ],
      },
      (err) =>
        err
          ? reject(err)
          : resolve({
              signIns: latencies.length,
              failures,
              p50: percentile(latencies, 50),
              p95: percentile(latencies, 95),
              p99: percentile(latencies, 99),
            }),
    );
    instance.on('reqError', () => failures++);
  });
}

/** Medians of failed sign-ins, interleaved: a wrong password for a real account vs. an unknown address. */
async function failedTimings(port: number, request: Captured): Promise<{ wrong: number; unknown: number }> {
  const wrong: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 20; i++) {
    // Each address is used once: a few failures per address start its throttle.
    wrong.push(await failedAttempt(port, request, `client${ACCOUNTS - 1 - i}@bench.example`));
    unknown.push(await failedAttempt(port, request, `nobody.${i}.${Date.now()}@bench.example`));
  }
  return { wrong: percentile(wrong, 50), unknown: percentile(unknown, 50) };
}

async function failedAttempt(port: number, request: Captured, email: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`http://localhost:${port}${request.path}`, {
    method: request.method,
    redirect: 'manual',
    headers: Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-length'),
    ),
    body: bodyFor(request, email, 'not-the-password-at-all'),
  });
  await response.arrayBuffer();
  if (response.headers.getSetCookie().some((c) => c.includes('gatehouse.session=')))
    throw new Error('a wrong password signed in');
  return performance.now() - start;
}

function fmt(ms: number): string {
  return (Number.isNaN(ms) ? '-' : ms.toFixed(1)).padStart(8);
}
