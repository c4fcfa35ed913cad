/**
 * `npm start`: builds when there is no build or the sources are newer than it, then
 * serves on PORT (edge/http-server.ts). `npm run dev` (--dev) serves through the same edge
 * with Next's development server behind it, without building first. Importing env first makes
 * a bad configuration stop here with one clear line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import '@/lib/env';

const root = process.cwd();
const buildId = path.join(root, '.next', 'BUILD_ID');
// What the Next build is made of (scripts/ is not: it runs with tsx, outside the build).
const SOURCES = [
  'app',
  'components',
  'lib',
  'emails',
  'drizzle',
  'next.config.ts',
  'proxy.ts',
  'instrumentation.ts',
  'package-lock.json',
];

/** Tests and the test kit are not part of the build: editing or adding one must not make `npm start` rebuild. */
const NOT_BUILT = /\.(test|spec)\.tsx?$|^lib\/test\//;

/** Every file the build is made of, with its modification time. */
function sourceFiles(p: string, found: Map<string, number> = new Map()): Map<string, number> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return found;
  }
  if (!stat.isDirectory()) {
    const relative = path.relative(root, p);
    if (!NOT_BUILT.test(relative)) found.set(relative, stat.mtimeMs);
    return found;
  }
  for (const entry of fs.readdirSync(p)) sourceFiles(path.join(p, entry), found);
  return found;
}

/** Which sources the last build was made from (written after it): a deleted or renamed file is a change too. */
const builtFromList = path.join(root, '.next', 'gatehouse-sources.txt');

function currentSources(): { newest: number; list: string } {
  const files = new Map<string, number>();
  for (const s of SOURCES) sourceFiles(path.join(root, s), files);
  return { newest: Math.max(0, ...files.values()), list: [...files.keys()].sort().join('\n') };
}

function buildIsCurrent(): boolean {
  if (!fs.existsSync(buildId) || !fs.existsSync(builtFromList)) return false;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const { newest, list } = currentSources();
  return newest <= builtAt && list === fs.readFileSync(builtFromList, 'utf8');
}

const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/**
 * Two `npm start`s at once (two instances on one machine, or the test suite) must not run
 * two builds into the same .next folder: the first takes a lock, the others wait for it
 * and then find the build current.
 */
async function buildIfNeeded(): Promise<void> {
  const lock = path.join(root, '.next-build.lock');
  for (;;) {
    if (buildIsCurrent()) return;
    let fd: number;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch {
      const holder = Number(fs.readFileSync(lock, 'utf8').trim() || 0);
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = holder > 0;
      } catch {
        alive = false;
      }
      if (!alive) fs.rmSync(lock, { force: true });
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
    try {
      if (buildIsCurrent()) return;
      console.log('Building Gatehouse (first start or changed sources)…');
      const build = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit' });
      if (build.status !== 0) process.exit(build.status ?? 1);
      fs.writeFileSync(builtFromList, currentSources().list);
      return;
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}

// `npm run dev`: the same server in front of Next's development server, which builds as it goes.
const dev = process.argv.includes('--dev');
if (!dev) await buildIfNeeded();

// Serve in this process (see edge/http-server.ts: it knows each request's real client address).
const { serve } = await import('@/edge/http-server');
await serve({ dev });
