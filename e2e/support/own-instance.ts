/**
 * An `npm start` instance of the current build for one spec's own settings, on an embedded
 * database in a fresh DATA_DIR (the shared test servers of playwright.config.ts cannot take
 * them). Its output goes to DATA_DIR/server.log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { expect } from '@playwright/test';
import { SERVER_NODE_FLAGS } from '../../edge/node-flags';

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
  // One Node process with tsx's loader (not tsx's CLI, which runs the file in a child of its
  // own): a signal sent to `child` reaches the server itself (lib/test/spawn-typescript.ts).
  const out = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, '--import', 'tsx', 'scripts/start.ts'],
    {
      env,
      stdio: ['ignore', out, out],
    },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // A process that never started serving may not have its SIGTERM handler yet, or hang in it.
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(kill);
  };
  try {
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
  } catch (err) {
    // Never ready: stop it, so it does not hold its port and database after the spec failed.
    await stop();
    throw err;
  }
  return { log: () => fs.readFileSync(logFile, 'utf8'), stop };
}
