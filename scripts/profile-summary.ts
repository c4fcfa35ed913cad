/**
 * `npm run profile:summary -- FILE.cpuprofile [--after S] [--for S] [--per N] [--top K]`: where a server's CPU
 * time went, by part of the stack. Reads a V8 CPU profile (node --cpu-prof; bench:sign-in
 * and bench:pages write one with BENCH_PROFILE_DIR), maps every sampled function through
 * the build's source maps (.next/server/chunks/*.js.map) back to its original file, and
 * sums self time into buckets: argon2's main-thread part, next-auth, Next.js + React, the
 * database client, our proxy.ts / edge server / app code, Node itself, garbage collection.
 * `--after S` leaves out the first S seconds (start-up: loading modules is not a request's
 * cost), `--for S` looks at S seconds from there; `--per N` divides by N requests (e.g. the sign-ins the bench counted after S).
 *
 * Only the main JavaScript thread is sampled: argon2's hashing runs on libuv's thread pool
 * and shows here only as the call that hands it over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const per = option('--per', 0);
const top = option('--top', 15);
const afterMicros = option('--after', 0) * 1e6;
const untilMicros = args.includes('--for') ? afterMicros + option('--for', 0) * 1e6 : Infinity;
if (!file) {
  console.error(
    'usage: npm run profile:summary -- FILE.cpuprofile [--after S] [--for S] [--per N] [--top K]',
  );
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;

// Self time per node, from the samples and the time between them (µs), from --after on.
const selfMicros = new Map<number, number>();
let elapsed = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  elapsed += delta;
  if (elapsed >= afterMicros && elapsed < untilMicros) selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
});

const maps = new Map<string, SourceMap | null>();
function sourceMapFor(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let map: SourceMap | null = null;
  try {
    const js = url.startsWith('file://') ? fileURLToPath(url) : url;
    const mapFile = `${js}.map`;
    if (path.isAbsolute(js) && fs.existsSync(mapFile)) {
      const payload = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
      // Turbopack writes index maps (sections); node's SourceMap reads both kinds.
      map = new SourceMap(payload);
    }
  } catch {
    map = null;
  }
  maps.set(url, map);
  return map;
}

/** The original file of a sampled frame: through the source map when its file has one. */
function originalSource(frame: CallFrame): string {
  const map = frame.url ? sourceMapFor(frame.url) : null;
  if (map) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
    const original = entry?.originalSource;
    // Packages' own maps name their sources relative to the built file (../src/sql/sql.ts).
    if (original)
      return /^[a-z]+:/i.test(original) || path.isAbsolute(original)
        ? original
        : path.resolve(path.dirname(fileURLToPath(frame.url)), original);
  }
  return frame.url;
}

const BUCKETS: [string, RegExp][] = [
  ['argon2 (handing over to its threads)', /@node-rs\/argon2/],
  ['next-auth (@auth/core, jose: CSRF, JWT)', /next-auth|@auth\/core|\/jose\/|oauth4webapi|@panva/],
  ['database client (postgres-js, drizzle)', /\/postgres\/|drizzle-orm|@electric-sql/],
  ['next-intl / i18n', /next-intl|use-intl|intl-messageformat|@formatjs/],
  ['React rendering', /react-dom|react-server|\/react\//],
  ['Next.js', /\/next\/dist|\/next\/src|webpack:\/\/next\/|\[turbopack\]/],
  ['proxy.ts', /proxy\.ts/],
  ['our edge server (edge/)', /\/edge\//],
  ['our code (app, lib, components)', /(^|\/)(app|lib|components|emails)\//],
  ['other packages', /node_modules/],
  ['Node.js (HTTP, streams, crypto)', /^node:|^internal\/|^$/],
];

function bucketOf(frame: CallFrame, source: string): string {
  if (frame.functionName === '(garbage collector)') return 'garbage collection';
  if (frame.functionName === '(idle)') return '(idle)';
  if (frame.functionName === '(program)') return 'V8 / native (program)';
  for (const [name, re] of BUCKETS) if (re.test(source)) return name;
  return 'other';
}

const byBucket = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id);
  if (!micros) continue;
  const source = originalSource(node.callFrame);
  const bucket = bucketOf(node.callFrame, source);
  byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + micros);
  const label = `${node.callFrame.functionName || '(anonymous)'}  ${source.replace(/^.*node_modules\//, '')}`;
  byFunction.set(label, (byFunction.get(label) ?? 0) + micros);
}

const total = (Math.min(profile.endTime - profile.startTime, untilMicros) - afterMicros) / 1000;
const idle = (byBucket.get('(idle)') ?? 0) / 1000;
const busy = total - idle;
console.log(
  `${path.basename(file)}: ${(total / 1000).toFixed(1)} s profiled${afterMicros ? ` (after the first ${afterMicros / 1e6} s)` : ''}, main thread busy ${(busy / 1000).toFixed(1)} s${per ? `, ${per} requests` : ''}`,
);
console.log(`  ${'part'.padEnd(44)} ${'ms'.padStart(9)} ${'% busy'.padStart(7)}${per ? '   ms each' : ''}`);
for (const [bucket, micros] of [...byBucket].sort((a, b) => b[1] - a[1])) {
  if (bucket === '(idle)') continue;
  const ms = micros / 1000;
  console.log(
    `  ${bucket.padEnd(44)} ${ms.toFixed(0).padStart(9)} ${((ms / busy) * 100).toFixed(1).padStart(6)}%${per ? (ms / per).toFixed(2).padStart(12) : ''}`,
  );
}
console.log(`  busiest functions (self time):`);
for (const [label, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`    ${(micros / 1000).toFixed(0).padStart(7)} ms  ${label.slice(0, 140)}`);
