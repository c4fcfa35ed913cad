/**
 * Runs a TypeScript file of the project as ONE Node process (tsx's loader inside it), for tests
 * that kill a process mid-work. Started through `node_modules/.bin/tsx` instead, the file runs
 * in a child of the tsx process: a SIGKILL then ends only the parent, and the real worker lives
 * on, orphaned, still claiming rows of the test database (it did: later files of the run saw
 * their emails sent by it).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export function spawnTypeScript(
  file: string,
  args: readonly string[],
  env: Record<string, string> = {},
): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './scripts/allow-server-only.mjs', file, ...args],
    { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
}
