/** Helpers for the "postgres" browser-test project: its database, its mail, its command line. */
import postgres from 'postgres';
import type { Page } from '@playwright/test';
import { E2E_DATABASE_URL } from '../../playwright.config';
import { runAccountsCli, uniqueEmail, type CliResult } from './accounts';
import { accountThroughWelcome, linkOn, mailbox, type Mail } from './mailbox';
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

/** The mail this project's app sent (through the SMTP sink on SMTP_PORT). */
const pgMailbox = mailbox(SMTP_HTTP_PORT);
export type ReceivedMail = Mail;
export const waitForMail = pgMailbox.waitFor;

export function linkIn(mail: Mail, path = 'welcome'): string {
  return linkOn(PG_ORIGIN, mail, path);
}

/** A unique address (the same maker as every project's: accounts.ts). */
export const pgEmail = (prefix: string) => uniqueEmail(prefix);

/** A staff member made through the command line, who then chose a password via the email. */
export async function staffMember(
  page: Page,
  role: 'helpdesk' | 'counselor' | 'application_manager',
  name: string,
) {
  const person = { email: pgEmail(role), name, role };
  return accountThroughWelcome(page, { origin: PG_ORIGIN, cli: pgAccountsCli, mail: pgMailbox }, person);
}
