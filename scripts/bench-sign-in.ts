/**
 * `npm run bench:sign-in`: how close a complete sign-in over HTTP comes to the cost of its
 * argon2 verify, the part that is expensive on purpose.
 *
 * Starts its own `npm start` instance (the current build) on a fresh PostgreSQL database
 * (the server named by BENCH_DATABASE_URL or TEST_DATABASE_URL), seeds accounts, then
 * prints, in one run:
 *   1. raw argon2 verifies per second in one Node process, with the app's parameters and
 *      BENCH_CONCURRENCY verifies in flight (the server idle meanwhile);
 *   2. complete sign-ins per second over HTTP at the same concurrency: GET the CSRF token,
 *      POST the credentials, a 302 with the session cookie; the load generator (autocannon)
 *      runs in this process, the server in its own;
 *   3. their ratio (goal ≥ 0.8, floor 0.6): 1. and 2. alternate for BENCH_ROUNDS rounds
 *      and the median round's figures are the result (each round is printed);
 *   4. a sign-in's p50/p95/p99 (both requests) at 100 % and at 50 % of that maximum rate;
 *   5. sign-ins the way a browser makes them: the sign-in form's server action (POST
 *      /login, as without JavaScript), which is what people use;
 *   6. where the CPU goes: the app process's CPU time (all its threads, from /proc) per
 *      argon2 verify, per complete sign-in and per request to an empty route (/healthz),
 *      and from those the highest ratio Next's router would allow (a sign-in is two
 *      requests; the edge answers both without the router, lib/server/direct-routes.ts);
 *   7. failed sign-ins: the median for a wrong password and for an unknown address, which
 *      must not differ (no account discovery by timing).
 *
 *   BENCH_CONCURRENCY  verifies / connections in flight (default 4)
 *   BENCH_SECONDS      length of each timed run (default 10)
 *   BENCH_ROUNDS       alternating rounds of raw argon2 (4 s) and HTTP sign-ins; the ratio
 *                      is the median round's (default 3)
 *   BENCH_PORT         the instance's port (default 3281)
 *   BENCH_PROFILE_DIR  also write the instance's CPU profile (node --cpu-prof) there; read
 *                      it with `npm run profile:summary -- DIR/*.cpuprofile`
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { hash, verify } from '@node-rs/argon2';
import postgres from 'postgres';
import { servingPid, startCluster, stopCluster } from '../e2e/support/cluster';
import { hiddenFields, percentile, processCpuSeconds } from './bench-support';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3281);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** Alternating rounds of raw argon2 and HTTP sign-ins; the median round's ratio is reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RAW_SECONDS = Math.min(SECONDS, 4);
const PASSWORD = 'lantern-orchard-quietly-47';
const ACCOUNTS = 500;
// The app's defaults (lib/env.ts): OWASP's argon2id with 19 MiB, t=2, p=1.
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const instanceStarted = performance.now();
const cluster = await startCluster(
  'bench_sign_in',
  [PORT],
  // The bench is one client address making thousands of attempts: lift the per-IP limit only.
  { SIGNIN_IP_MAX_FAILURES: '100000' },
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL,
  PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
);
const base = `http://localhost:${PORT}`;
const origin = cluster.origin;

try {
  const passwordHash = await hash(PASSWORD, ARGON2);
  const sql = postgres(cluster.databaseUrl, { max: 2, onnotice: () => {} });
  // Each account has its own hash (as in life), made with the app's parameters.
  const hashes = await Promise.all(Array.from({ length: ACCOUNTS }, () => hash(PASSWORD, ARGON2)));
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

  // ---- 1. and 2., in ROUNDS alternating pairs: raw argon2 for RAW_SECONDS, then complete
  // sign-ins over HTTP for SECONDS. This virtual machine's speed drifts by ±10 % from one
  // minute to the next (argon2 is memory-bound and shares the host): measuring the two
  // halves of a ratio minutes apart made it swing by as much, so each round's ratio compares
  // neighbours, and the median round is reported (every round is printed).
  await verify(passwordHash, PASSWORD); // warm up
  const oneVerify = await singleVerifyMs(passwordHash);
  const pid = await servingPid(PORT);
  // Verifies in 2 s (the rate times 2), and the CPU they took in this process.
  const rawCpu = await cpuOfThisProcess(async () => (await rawVerifies(passwordHash, CONCURRENCY, 2)) * 2);
  await run(signInSequence(), { seconds: 2, connections: CONCURRENCY }); // warm up every route
  const measuredFrom = (performance.now() - instanceStarted) / 1000;
  const rounds: { raw: number; http: RunResult; ratio: number }[] = [];
  let appCpu = 0;
  let pgCpu = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const raw = await rawVerifies(passwordHash, CONCURRENCY, RAW_SECONDS);
    const cpuBefore = appCpuMs(pid);
    const pgBefore = postgresCpuMs();
    const http = await run(signInSequence(), { seconds: SECONDS, connections: CONCURRENCY });
    appCpu += appCpuMs(pid) - cpuBefore;
    pgCpu += postgresCpuMs() - pgBefore;
    rounds.push({ raw, http, ratio: http.signIns / SECONDS / raw });
  }
  const signIns = rounds.reduce((sum, r) => sum + r.http.signIns, 0);
  const signInCpu = appCpu / signIns;
  const signInPgCpu = pgCpu / signIns;
  const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(ROUNDS / 2)]!;
  const { raw, http: full } = median;
  const maxRate = full.signIns / SECONDS;
  // ---- 4. at half that rate
  const half = await run(signInSequence(), {
    seconds: SECONDS,
    connections: CONCURRENCY,
    signInsPerSecond: maxRate / 2,
  });
  // ---- 5. the browser's way: the sign-in form's server action
  const form = await signInForm();
  await run(formSignIn(form), { seconds: 2, connections: CONCURRENCY, single: true });
  const formCpuBefore = appCpuMs(pid);
  const browser = await run(formSignIn(form), { seconds: SECONDS, connections: CONCURRENCY, single: true });
  const formCpu = (appCpuMs(pid) - formCpuBefore) / browser.signIns;
  // ---- 6. the framework's own cost: an empty route
  await emptyRoute(2);
  const emptyCpuBefore = appCpuMs(pid);
  const empty = await emptyRoute(SECONDS);
  const emptyCpu = (appCpuMs(pid) - emptyCpuBefore) / empty.count;
  // ---- 7. failed sign-ins, one at a time
  const failed = await failedTimings();
  const verifyCpu = rawCpu.ms / rawCpu.result;
  const ceiling = verifyCpu / (verifyCpu + 2 * emptyCpu);

  const ratio = median.ratio;
  console.log('');
  console.log(
    `sign-in at ${base}, argon2id m=${ARGON2.memoryCost} t=${ARGON2.timeCost} p=${ARGON2.parallelism}, concurrency ${CONCURRENCY}, ${SECONDS} s runs`,
  );
  console.log(
    `  raw argon2 verify          ${raw.toFixed(1).padStart(7)} /s   (one alone: ${oneVerify.toFixed(1)} ms)`,
  );
  console.log(`  complete sign-ins (HTTP)   ${maxRate.toFixed(1).padStart(7)} /s`);
  console.log(
    `  rounds (raw /s, HTTP /s, ratio): ${rounds.map((r) => `${r.raw.toFixed(1)}, ${(r.http.signIns / SECONDS).toFixed(1)}, ${r.ratio.toFixed(2)}`).join('  |  ')}  (median round above)`,
  );
  console.log(
    `  ratio                      ${ratio.toFixed(2).padStart(7)}      goal ≥ 0.80, floor 0.60: ${ratio >= 0.8 ? 'goal met' : ratio >= 0.6 ? 'floor met' : 'below the floor'}`,
  );
  console.log('');
  console.log('  load                 sign-ins/s   p50 ms   p95 ms   p99 ms   failed');
  for (const [label, r] of [
    ['100 % (max)', full],
    ['50 %', half],
    ['sign-in form (max)', browser],
  ] as const)
    console.log(
      `  ${label.padEnd(20)} ${(r.signIns / SECONDS).toFixed(1).padStart(10)} ${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.p99)} ${String(r.failures).padStart(8)}`,
    );
  console.log('');
  console.log('  CPU time of the app process (all threads), per:');
  console.log(`    argon2 verify (measured in this process)   ${verifyCpu.toFixed(1).padStart(6)} ms`);
  console.log(
    `    complete sign-in (2 requests)              ${signInCpu.toFixed(1).padStart(6)} ms  (${(signInCpu - verifyCpu).toFixed(1)} ms besides argon2)`,
  );
  console.log(
    `    sign-in through the form (1 request)       ${formCpu.toFixed(1).padStart(6)} ms  (${(formCpu - verifyCpu).toFixed(1)} ms besides argon2)`,
  );
  console.log(
    `    complete sign-in, in PostgreSQL            ${signInPgCpu.toFixed(1).padStart(6)} ms  (every postgres process on this machine)`,
  );
  console.log(
    `    request to an empty route (/healthz)       ${emptyCpu.toFixed(1).padStart(6)} ms  (${(empty.count / SECONDS).toFixed(0)}/s)`,
  );
  console.log(
    `  highest ratio if both requests went through Next's router: argon2 / (argon2 + 2 empty requests) = ${ceiling.toFixed(2)} (the sign-in endpoints are answered by the edge without it: lib/server/direct-routes.ts)`,
  );
  if (PROFILE_DIR)
    console.log(
      `  profile of the runs of complete sign-ins (the raw rounds between them leave the server idle): npm run profile:summary -- ${PROFILE_DIR}/<main thread>.cpuprofile --after ${Math.ceil(measuredFrom)} --for ${Math.floor(ROUNDS * (RAW_SECONDS + SECONDS) + SECONDS - 1)} --per ${signIns + half.signIns}`,
    );
  console.log(
    `  failed sign-in, one at a time: wrong password median ${failed.wrong.toFixed(1)} ms, unknown address ${failed.unknown.toFixed(1)} ms (difference ${Math.abs(failed.wrong - failed.unknown).toFixed(1)} ms; should be within noise)`,
  );
} finally {
  if (PROFILE_DIR) await stopGracefully(PORT); // a profile is written only at a normal exit
  await stopCluster(cluster, [PORT]);
}

// ---- helpers

async function stopGracefully(port: number): Promise<void> {
  const pid = await servingPid(port).catch(() => null);
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 60; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** CPU milliseconds (every thread) a process has used so far. */
function appCpuMs(pid: number | string): number {
  return processCpuSeconds(pid) * 1000;
}

/** CPU time of every PostgreSQL process on this machine (the server runs here in the bench's setup). */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += appCpuMs(pid);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

async function cpuOfThisProcess<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { result, ms: (used.user + used.system) / 1000 };
}

/** An empty route through the whole stack (edge, proxy, Next's router, a route handler). */
function emptyRoute(seconds: number): Promise<{ count: number }> {
  return new Promise((resolve, reject) => {
    let count = 0;
    const instance = autocannon(
      { url: `${base}/healthz`, duration: seconds, connections: CONCURRENCY },
      (err) => (err ? reject(err) : resolve({ count })),
    );
    instance.on('response', (_client, status) => {
      if (status === 200) count++;
    });
  });
}

/** The sign-in form as a browser without JavaScript posts it: its hidden fields (the server action's reference). */
async function signInForm(): Promise<[string, string][]> {
  const html = await (await fetch(`${base}/login`)).text();
  const formHtml =
    [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/gi)].find((m) =>
      m[1]!.includes('name="password"'),
    )?.[1] ?? '';
  const fields = hiddenFields(formHtml);
  if (!fields.some(([name]) => name.startsWith('$ACTION')))
    throw new Error('no server action found in the sign-in form');
  return fields;
}

/** One request: the form post; a sign-in counts when it answers 303 with a session cookie. */
function formSignIn(hidden: [string, string][]): autocannon.Request[] {
  const boundary = '----benchboundary';
  return [
    {
      method: 'POST',
      path: '/login',
      setupRequest: (req, context: Context) => {
        context.started = performance.now();
        const fields = [
          ...hidden,
          ['email', `client${1 + Math.floor(Math.random() * (ACCOUNTS - 20))}@bench.example`],
          ['password', PASSWORD],
        ];
        return {
          ...req,
          headers: { origin, 'content-type': `multipart/form-data; boundary=${boundary}` },
          body:
            fields
              .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
              .join('') + `--${boundary}--\r\n`,
        };
      },
    },
  ];
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

interface Context {
  started?: number;
  /** The CSRF request's own time, and when the POST was sent (see run()). */
  csrfMs?: number;
  postStarted?: number;
  token?: string;
  cookie?: string;
}

/** GET /api/auth/csrf, then POST the credentials with its token and cookie: one complete sign-in. */
function signInSequence(): autocannon.Request[] {
  return [
    {
      method: 'GET',
      path: '/api/auth/csrf',
      setupRequest: (req, context: Context) => {
        context.started = performance.now();
        return req;
      },
      onResponse: (_status, body, context: Context, headers) => {
        context.csrfMs = performance.now() - context.started!;
        context.token = (JSON.parse(body) as { csrfToken: string }).csrfToken;
        const setCookie = (headers as Record<string, string | string[]>)['set-cookie'] ?? [];
        context.cookie = (Array.isArray(setCookie) ? setCookie : [setCookie])
          .map((c) => c.split(';')[0])
          .join('; ');
      },
    },
    {
      method: 'POST',
      path: '/api/auth/callback/credentials',
      setupRequest: (req, context: Context) => {
        context.postStarted = performance.now();
        return {
          ...req,
          headers: {
            origin,
            cookie: context.cookie ?? '',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({
            csrfToken: context.token ?? '',
            email: `client${1 + Math.floor(Math.random() * ACCOUNTS)}@bench.example`,
            password: PASSWORD,
            callbackUrl: '/',
          }).toString(),
        };
      },
    },
  ];
}

interface RunResult {
  signIns: number;
  failures: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Runs sign-in sequences; a sign-in counts when its POST answers 302 with a session cookie
 * and no error in the Location. Latency: the CSRF request's time plus the POST's. Not the
 * wall time from the first to the last: when autocannon paces a run (the 50 % row) it sends
 * each second's budget at once and holds the rest to the next second, and a sign-in whose
 * POST was held counted up to a second of the load generator's waiting (p99 ≈ 600 ms).
 */
function run(
  requests: autocannon.Request[],
  options: { seconds: number; connections: number; signInsPerSecond?: number; single?: boolean },
): Promise<RunResult> {
  const latencies: number[] = [];
  let failures = 0;
  // The POST's answer, judged in onResponse (it sees the headers), timed there too.
  const post = requests.at(-1)!;
  const judged: autocannon.Request = {
    ...post,
    onResponse: (status, _body, context: Context, headers) => {
      // Header names come as sent (Next writes some capitalised): compare in lower case.
      const h = Object.fromEntries(
        Object.entries(headers as Record<string, string | string[]>).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const cookies = [h['set-cookie'] ?? []].flat();
      const location = String(h['location'] ?? '');
      const ok =
        (status === 302 || status === 303) &&
        cookies.some((c) => c.startsWith('gatehouse.session=')) &&
        !/[?&](error|code)=/.test(location);
      if (ok)
        latencies.push((context.csrfMs ?? 0) + performance.now() - (context.postStarted ?? context.started!));
      else failures++;
    },
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        duration: options.seconds,
        connections: options.connections,
        // autocannon paces requests, and a sign-in is two of them.
        ...(options.signInsPerSecond
          ? { overallRate: Math.max(1, options.signInsPerSecond * requests.length) }
          : {}),
        requests: options.single ? [judged] : [requests[0]!, judged],
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
async function failedTimings(): Promise<{ wrong: number; unknown: number }> {
  const wrong: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 20; i++) {
    // Each address is used once: a few failures per address start its throttle.
    wrong.push(await failedAttempt(`client${ACCOUNTS - i}@bench.example`));
    unknown.push(await failedAttempt(`nobody.${i}.${Date.now()}@bench.example`));
  }
  return { wrong: percentile(wrong, 50), unknown: percentile(unknown, 50) };
}

async function failedAttempt(email: string): Promise<number> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const start = performance.now();
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, email, password: 'not-the-password-at-all', callbackUrl: '/' }),
  });
  await response.arrayBuffer();
  const code = new URL(response.headers.get('location') ?? '/', base).searchParams.get('code');
  if (code !== 'credentials') throw new Error(`expected a plain failure, got ${code ?? response.status}`);
  return performance.now() - start;
}

function fmt(ms: number): string {
  return (Number.isNaN(ms) ? '-' : ms.toFixed(1)).padStart(8);
}
