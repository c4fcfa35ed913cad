import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, type Page } from '@playwright/test';
import { GOOD_PASSWORD } from '../../lib/test/passwords';
import { EMBEDDED_ORIGIN, RUN_SUFFIX } from './ports';

export const E2E_DATA_DIR = `.data/e2e${RUN_SUFFIX}`;

const run = promisify(execFile);

export const E2E_ENV = {
  ...process.env,
  APP_URL: EMBEDDED_ORIGIN,
  DATA_DIR: E2E_DATA_DIR,
  DATABASE_URL: '',
  PLATFORM_NAME: 'Gatehouse e2e',
  DEFAULT_LOCALE: 'en',
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run accounts -- ...` with the given environment, as an operator would. */
export async function runAccountsCli(env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(
      'npx',
      ['tsx', '--import', './scripts/allow-server-only.mjs', 'scripts/accounts.ts', ...args],
      { env },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}@example.org`;
}

/** Creates an invited account through the command line and returns its set-password link. */
export async function createInvited(
  options: { email?: string; name?: string; role?: string; counselor?: string } = {},
) {
  const email = options.email ?? uniqueEmail();
  const args = [
    'create',
    '--email',
    email,
    '--name',
    options.name ?? 'Test Person',
    '--role',
    options.role ?? 'client',
  ];
  if (options.counselor) args.push('--counselor', options.counselor);
  const result = await accountsCli(...args);
  expect(result.code, result.stderr).toBe(0);
  const link = /https?:\/\/\S+\/welcome\?token=[A-Za-z0-9_-]+/.exec(result.stdout)?.[0];
  expect(link, result.stdout).toBeTruthy();
  return { email, link: link! };
}

/** The accounts command line against the running embedded e2e app. */
export function accountsCli(...args: string[]): Promise<CliResult> {
  return runAccountsCli(E2E_ENV, args);
}

export { GOOD_PASSWORD };

/** Chooses a password on the welcome page; the person ends up signed in. */
export async function choosePassword(page: Page, link: string, password = GOOD_PASSWORD) {
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Type the new password again').fill(password);
  await page.getByRole('button', { name: 'Save password and sign in' }).click();
}

/** An active account with a known password, made the way a real one is. */
export async function createActive(page: Page, options: { role?: string; name?: string } = {}) {
  const { email, link } = await createInvited(options);
  await choosePassword(page, link);
  await expect(page).toHaveURL(/\/(account|admin)$/);
  await page.context().clearCookies();
  return { email, password: GOOD_PASSWORD };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Our form message (Next.js also renders an empty role="alert" route announcer). */
export function formAlert(page: Page) {
  return page.locator('.alert[role="alert"]');
}
