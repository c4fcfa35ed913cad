/**
 * An `npm start` instance of the current build for one spec's own settings, on an embedded
 * database in a fresh DATA_DIR (the shared test servers of playwright.config.ts cannot take
 * them). Its output goes to DATA_DIR/server.log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { expect } from '@playwright/test';

export interface OwnInstance {
  /** What the instance has printed so far (the demo accounts' passwords at first start). */
  log(): string;
  /** SIGTERM, and wait for the process to exit. */
  stop(): Promise<void>;
}

/** Starts the instance with exactly `env` (which names APP_URL, PORT and DATA_DIR) and waits until /readyz answers. */
export async function startOwnInstance(env: NodeJS.ProcessEnv): Promise<OwnInstance> {
  const dataDir = env.DATA_DIR!;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = `${dataDir}/server.log`;
  const out = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts'], {
    env,
    stdio: ['ignore', out, out],
  });
  await expect
    .poll(
      () =>
        fetch(`${env.APP_URL}/readyz`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 150_000, intervals: [500] },
    )
    .toBe(200);
  return {
    log: () => fs.readFileSync(logFile, 'utf8'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
