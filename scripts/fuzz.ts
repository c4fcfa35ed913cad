/**
 * `npm run fuzz`: malformed requests (e2e/support/fuzz.ts) against a running app, then checks
 * it still answers. Any seed by hand; CI runs a short fixed-seed round in the production
 * browser tests (e2e/production/fuzz.spec.ts).
 *
 *   npm run fuzz -- [--url http://localhost:3000] [--origin APP_URL] [--runs 10000] [--seed N] [--concurrency 8]
 */
import { parseArgs } from 'node:util';
import { fuzz } from '../e2e/support/fuzz';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    origin: { type: 'string' },
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(Date.now() % 2_147_483_647) },
    concurrency: { type: 'string', default: '8' },
  },
});
const base = values.url.replace(/\/$/, '');
const seed = Number(values.seed);
const runs = Number(values.runs);
console.log(`Fuzzing ${base} with ${runs} requests, seed ${seed} (replay with --seed ${seed}) …`);
const started = Date.now();
const result = await fuzz(base, values.origin ?? base, {
  runs,
  seed,
  concurrency: Number(values.concurrency),
});
const seconds = (Date.now() - started) / 1000;
console.log(
  `${result.sent} requests in ${seconds.toFixed(1)} s (${(result.sent / seconds).toFixed(0)}/s); answers: ${JSON.stringify(result.byStatus)}`,
);
const after = await fetch(`${base}/login`).then(
  (r) => r.status,
  () => 0,
);
console.log(`GET /login afterwards: ${after}`);
for (const f of result.failures.slice(0, 20)) console.log(`  ${f.status || 'no answer'}  ${f.request}`);
if (result.failures.length > 0 || after !== 200) {
  console.log(`${result.failures.length} request(s) got a 5xx or no answer.`);
  process.exit(1);
}
console.log('No 5xx, and the app still answers.');
