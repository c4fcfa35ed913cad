/**
 * `npm run bench:forgot-password`: does every "send me a link" request take as long for an
 * unknown address as for a known one? Posts the real forms (as a browser without
 * JavaScript would) to a running app, interleaved, and prints the medians of each:
 *
 * - "Forgot password?" for a known and an unknown address;
 * - "Email me a link to unblock signing in" (offered once an address is throttled) for a
 *   known and an unknown address, both throttled first by 5 wrong passwords;
 * - "Send me a new link" on a replaced welcome link (renewable) and on a still-valid one
 *   (not renewable), from an account made with the accounts command line.
 *
 *   BENCH_URL          the app (default http://localhost:3000)
 *   BENCH_KNOWN_EMAIL  an address that has an active account (default: the demo client);
 *                      it is throttled for a while by this benchmark
 *   BENCH_TRIES        tries per kind (default 30)
 *
 * The accounts command line runs with this process's environment (the app's DATA_DIR or
 * DATABASE_URL and AUTH_SECRET); without it, the renewal part is left out.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const known = process.env.BENCH_KNOWN_EMAIL ?? 'client@demo.gatehouse.test';
const tries = Number(process.env.BENCH_TRIES ?? 30);

type Fields = Record<string, string>;

/** Hidden fields (the server action's ids) of the first form in `html` that has a field named `marker`. */
function formFields(html: string, marker: string, where: string): Fields {
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
    .map((m) => m[1]!)
    .find((f) => f.includes(`name="${marker}"`));
  if (!form) throw new Error(`No form with a "${marker}" field at ${where}`);
  const fields: Fields = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
    fields[m[1]!] = (m[2] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  return fields;
}

/** Cookies a link landing page set (the proxy moves a link's token into one), sent back with its form. */
let landingCookie = '';

async function post(path: string, fields: Fields, extra: Fields): Promise<{ ms: number; body: string }> {
  const body = new FormData();
  for (const [k, v] of Object.entries({ ...fields, ...extra })) body.set(k, v);
  const start = performance.now();
  const headers = {
    origin: base,
    'accept-language': 'en',
    ...(landingCookie ? { cookie: landingCookie } : {}),
  };
  const response = await fetch(`${base}${path}`, { method: 'POST', body, headers });
  const text = await response.text();
  const ms = performance.now() - start;
  if (response.status !== 200) throw new Error(`HTTP ${response.status} from ${path}`);
  return { ms, body: text };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Fails loudly when a form post did not reach its action (the answer lacks the expected text). */
function answered(body: string, text: string, what: string): void {
  if (!body.includes(text))
    throw new Error(`${what}: the answer does not say "${text}"; did the form change?`);
}

/** Times `a` and `b` interleaved, after one warm-up each, and prints their medians. */
async function compare(
  title: string,
  labels: [string, string],
  a: (i: number) => Promise<number>,
  b: (i: number) => Promise<number>,
  n = tries,
) {
  await a(-1);
  await b(-1);
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < n; i++) {
    as.push(await a(i));
    bs.push(await b(i));
  }
  const ma = median(as);
  const mb = median(bs);
  console.log(`${title} at ${base}, ${n} tries each`);
  console.log(`  ${labels[0].padEnd(22)} median ${ma.toFixed(1)} ms`);
  console.log(`  ${labels[1].padEnd(22)} median ${mb.toFixed(1)} ms`);
  console.log(`  ${'difference'.padEnd(22)} ${Math.abs(ma - mb).toFixed(1)} ms (target < 20 ms)`);
}

/** GETs a page; follows the proxy's redirect that moves a link token into a cookie. */
async function page(path: string): Promise<string> {
  const first = await fetch(`${base}${path}`, { redirect: 'manual' });
  if (first.status < 300 || first.status >= 400) return first.text();
  landingCookie = first.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return (
    await fetch(new URL(first.headers.get('location')!, base), { headers: { cookie: landingCookie } })
  ).text();
}

// 1. "Forgot password?"
const forgot = formFields(await page('/forgot-password'), 'email', '/forgot-password');
await compare(
  '"Forgot password?"',
  ['known address', 'unknown address'],
  async () => (await post('/forgot-password', forgot, { email: known })).ms,
  async (i) =>
    (await post('/forgot-password', forgot, { email: `nobody.${Date.now()}.${i}@example.org` })).ms,
);

// 2. The unblock request: both addresses throttled first, the way a person meets the form.
const signIn = formFields(await page('/login'), 'password', '/login');
const unknown = `nobody.${Date.now()}@example.org`;
let throttledPage = '';
for (const email of [known, unknown]) {
  for (let i = 0; i < 6; i++)
    throttledPage = (await post('/login', signIn, { email, password: `bench-wrong-${i}-${Date.now()}` }))
      .body;
}
const unblock = formFields(throttledPage, 'email', '/login (throttled)');
answered(
  (await post('/login', unblock, { email: known })).body,
  'we sent a link to unblock it',
  'unblock request',
);
await compare(
  'Unblock request',
  ['known address', 'unknown address'],
  async () => (await post('/login', unblock, { email: known })).ms,
  async () => (await post('/login', unblock, { email: unknown })).ms,
);

// 3. Welcome renewal: a replaced link (renewable) against a valid one (nothing to renew).
const run = promisify(execFile);
const cli = async (...args: string[]) =>
  (await run('npx', ['tsx', '--import', './lib/cli/allow-server-only.mjs', 'lib/cli/accounts.ts', ...args]))
    .stdout;
const linkIn = (out: string) =>
  new URL(/https?:\/\/\S+\/welcome\?token=[A-Za-z0-9_-]+/.exec(out)![0]).searchParams.get('token')!;
try {
  const email = `bench.renew.${Date.now()}@example.org`;
  const replaced = linkIn(
    await cli('create', '--email', email, '--name', 'Bench Renewal', '--role', 'client'),
  );
  const current = linkIn(await cli('resend', '--email', email));
  const renew = formFields(await page(`/welcome?token=${replaced}`), 'token', '/welcome (replaced link)');
  answered(
    (await post('/welcome', renew, { token: replaced })).body,
    'We sent a new welcome email',
    'welcome renewal',
  );
  await compare(
    'Welcome renewal',
    ['renewable link', 'valid link'],
    async () => (await post('/welcome', renew, { token: replaced })).ms,
    async () => (await post('/welcome', renew, { token: current })).ms,
  );
  console.log('  (after 3 renewals an hour the renewable link answers "try later", in the same time)');
} catch (err) {
  console.log(`Welcome renewal: left out (${(err as Error).message.split('\n')[0]})`);
}
