import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from '@playwright/test';
import { E2E_ENV, type CliResult } from './accounts';

const run = promisify(execFile);

/** Runs `npm run clients -- ...` against the running embedded e2e app, as an operator would. */
export async function clientsCli(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(
      'npx',
      ['tsx', '--import', './scripts/allow-server-only.mjs', 'scripts/clients.ts', ...args],
      { env: E2E_ENV },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Registers an application with `clients add --json`; returns exactly what that printed. */
export async function addClient(
  args: string[],
): Promise<{ client_id: string; client_secret: string | null }> {
  const result = await clientsCli('add', ...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
  expect(Object.keys(parsed).sort()).toEqual(['client_id', 'client_secret']);
  return parsed as { client_id: string; client_secret: string | null };
}
