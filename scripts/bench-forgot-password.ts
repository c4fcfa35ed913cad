/**
 * `npm run bench:forgot-password`: does "Forgot password?" take as long for an unknown
 * address as for a known one? Posts the real form (as a browser without JavaScript
 * would) to a running app, 30 times each, interleaved, and prints the medians.
 *
 *   BENCH_URL          the app (default http://localhost:3000)
 *   BENCH_KNOWN_EMAIL  an address that has an account (default: the demo client)
 *   BENCH_TRIES        tries per kind (default 30)
 */
export {}; // a module, for top-level await

const base = process.env.BENCH_URL ?? 'http://localhost:3000';
const known = process.env.BENCH_KNOWN_EMAIL ?? 'client@demo.gatehouse.test';
const tries = Number(process.env.BENCH_TRIES ?? 30);

async function formFields(): Promise<Record<string, string>> {
  const html = await (await fetch(`${base}/forgot-password`)).text();
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).find((f) => f.includes('name="email"'));
  if (!form) throw new Error(`No forgot-password form at ${base}/forgot-password`);
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
    fields[m[1]!] = (m[2] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  return fields;
}

async function timeOne(fields: Record<string, string>, email: string): Promise<{ ms: number; body: string }> {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('email', email);
  const start = performance.now();
  const response = await fetch(`${base}/forgot-password`, { method: 'POST', body, headers: { origin: base } });
  const text = await response.text();
  const ms = performance.now() - start;
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return { ms, body: text };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const fields = await formFields();
await timeOne(fields, known); // warm-up
const knownMs: number[] = [];
const unknownMs: number[] = [];
for (let i = 0; i < tries; i++) {
  knownMs.push((await timeOne(fields, known)).ms);
  unknownMs.push((await timeOne(fields, `nobody.${Date.now()}.${i}@example.org`)).ms);
}
const mk = median(knownMs);
const mu = median(unknownMs);
console.log(`forgot-password at ${base}, ${tries} tries each`);
console.log(`  known address   median ${mk.toFixed(1)} ms`);
console.log(`  unknown address median ${mu.toFixed(1)} ms`);
console.log(`  difference             ${Math.abs(mk - mu).toFixed(1)} ms (target < 20 ms)`);
