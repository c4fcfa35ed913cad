/**
 * `npm run bench:sign-in`: does a failed sign-in take as long for an unknown email as for a
 * wrong password? Posts credentials to a running app's sign-in endpoint (as a script would,
 * with its CSRF token), interleaved, and prints the medians.
 *
 *   BENCH_URL          the app (default http://localhost:3000)
 *   BENCH_KNOWN_EMAIL  an address that has an account (default: the demo client)
 *   BENCH_KNOWN_EMAILS several such addresses, comma-separated: an address is throttled
 *                      after 5 failures, so each is used at most 4 times
 *   BENCH_TRIES        tries per kind (default 20; stay under the per-IP failure limit)
 */
export {}; // a module, for top-level await

const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const known = (
  process.env.BENCH_KNOWN_EMAILS ??
  process.env.BENCH_KNOWN_EMAIL ??
  'client@demo.gatehouse.test'
).split(',');
const tries = Math.min(Number(process.env.BENCH_TRIES ?? 20), known.length * 4);

async function attempt(email: string): Promise<number> {
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
    headers: { origin: base, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      csrfToken,
      email,
      password: `not-the-password-${Math.random()}`,
      callbackUrl: '/',
    }),
  });
  await response.arrayBuffer();
  const code = new URL(response.headers.get('location') ?? '/', base).searchParams.get('code');
  if (code !== 'credentials')
    throw new Error(
      `expected a plain failure, got ${code ?? response.status} (throttled? use more BENCH_KNOWN_EMAILS)`,
    );
  return performance.now() - start;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

await attempt(`warmup.${Date.now()}@example.org`);
const wrong: number[] = [];
const unknown: number[] = [];
for (let i = 0; i < tries; i++) {
  wrong.push(await attempt(known[Math.floor(i / 4) % known.length]!));
  unknown.push(await attempt(`nobody.${Date.now()}.${i}@example.org`));
}
console.log(`failed sign-in at ${base}, ${tries} tries each`);
console.log(`  wrong password  median ${median(wrong).toFixed(1)} ms`);
console.log(`  unknown email   median ${median(unknown).toFixed(1)} ms`);
console.log(`  difference             ${Math.abs(median(wrong) - median(unknown)).toFixed(1)} ms`);
