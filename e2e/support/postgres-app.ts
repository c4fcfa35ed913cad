/** Helpers for the "postgres" browser-test project: its database, its mail, its command line. */
import postgres from 'postgres';
import { expect, type Page } from '@playwright/test';
import { E2E_DATABASE_URL } from '../../playwright.config';
import { choosePassword, GOOD_PASSWORD, runAccountsCli, type CliResult } from './accounts';
import { PG_ORIGIN, RUN_SUFFIX, SMTP_HTTP_PORT, SMTP_PORT } from './ports';

export const PG_ENV = {
  ...process.env,
  APP_URL: PG_ORIGIN,
  PLATFORM_NAME: 'Gatehouse e2e',
  DEFAULT_LOCALE: 'en',
  DATABASE_URL: E2E_DATABASE_URL,
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  AUTH_SECRET: 'e2e-only-secret-0123456789abcdefghijklmnop',
  DATA_DIR: `.data/e2e-pg${RUN_SUFFIX}`,
};

export const sql = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });

export function pgAccountsCli(...args: string[]): Promise<CliResult> {
  return runAccountsCli(PG_ENV, args);
}

export interface ReceivedMail {
  subject: string;
  text: string;
  html: string;
  to: string[];
}

/** Waits until `count` emails have reached the local SMTP server for `to`, and returns them. */
export async function waitForMail(to: string, count = 1): Promise<ReceivedMail[]> {
  let mails: ReceivedMail[] = [];
  await expect
    .poll(
      async () => {
        mails = (await (
          await fetch(`http://127.0.0.1:${SMTP_HTTP_PORT}/messages?to=${encodeURIComponent(to)}`)
        ).json()) as ReceivedMail[];
        return mails.length;
      },
      { timeout: 20_000, message: `waiting for ${count} email(s) to ${to}` },
    )
    .toBeGreaterThanOrEqual(count);
  return mails;
}

export function linkIn(mail: ReceivedMail, path = 'welcome'): string {
  const link = new RegExp(`${PG_ORIGIN}/${path}\\?token=[A-Za-z0-9_-]{43}`).exec(mail.text)?.[0];
  expect(link, mail.text).toBeTruthy();
  return link!;
}

let n = 0;
export function pgEmail(prefix: string): string {
  n += 1;
  return `${prefix}.${Date.now().toString(36)}${n}@example.org`;
}

/** A staff member made through the command line, who then chose a password via the email. */
export async function staffMember(
  page: Page,
  role: 'helpdesk' | 'counselor' | 'application_manager',
  name: string,
) {
  const email = pgEmail(role);
  const made = await pgAccountsCli('create', '--email', email, '--name', name, '--role', role);
  expect(made.code, made.stderr).toBe(0);
  const [mail] = await waitForMail(email);
  await choosePassword(page, linkIn(mail!));
  await expect(page).toHaveURL(/\/admin$/);
  return { email, password: GOOD_PASSWORD };
}
