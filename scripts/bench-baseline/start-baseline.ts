/**
 * The framework's own baseline for the page benches: a bare Next.js app (one root layout,
 * one page, no providers, this repository's next/react versions) built in a folder of its
 * own under the system's temporary directory the first time, or when these files are newer
 * than that build, and served with `next start` on the given port. What Gatehouse's pages
 * cost beyond it is ours.
 *
 * The folder is outside the repository on purpose: built inside it, Next picks up
 * Gatehouse's own instrumentation.ts. Its node_modules is a hard-linked copy of ours (a
 * symlink would point outside the bundler's root), made once.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const appDir = path.join(os.tmpdir(), `gatehouse-bench-baseline-${path.basename(root)}`);
const nextBin = path.join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next');
const SOURCES = ['layout.tsx', 'page.tsx'];

function buildIfNeeded(): void {
  const buildId = path.join(appDir, '.next', 'BUILD_ID');
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (SOURCES.every((file) => fs.statSync(path.join(here, file)).mtimeMs <= builtAt)) return;
  fs.mkdirSync(path.join(appDir, 'app'), { recursive: true });
  if (!fs.existsSync(path.join(appDir, 'node_modules')))
    spawnSync('cp', ['-al', path.join(root, 'node_modules'), path.join(appDir, 'node_modules')], {
      stdio: 'inherit',
    });
  fs.writeFileSync(path.join(appDir, 'package.json'), '{ "private": true }\n');
  for (const file of SOURCES) fs.copyFileSync(path.join(here, file), path.join(appDir, 'app', file));
  // Next's defaults (compression on, as in Gatehouse); no config of Gatehouse's own.
  fs.writeFileSync(path.join(appDir, 'next.config.mjs'), 'export default { poweredByHeader: false };\n');
  console.log('Building the bare Next.js baseline app (once)…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: appDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) throw new Error('the baseline app did not build');
}

export interface BaselineApp {
  url: string;
  process: ChildProcess;
  stop(): void;
}

export async function startBaselineApp(port: number): Promise<BaselineApp> {
  buildIfNeeded();
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (tries > 100 || child.exitCode !== null) throw new Error(`the baseline app did not start on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, process: child, stop: () => void child.kill('SIGTERM') };
}
