/**
 * The mail an app under test sent, read from a local SMTP sink's HTTP side
 * (smtp-sink-server.ts): one reader for every browser-test project that has real SMTP
 * (postgres-app.ts, production.ts), and the welcome-email road to an account.
 */
import { expect, type Page } from '@playwright/test';
import { choosePassword, GOOD_PASSWORD, type CliResult } from './accounts';

export interface Mail {
  subject: string;
  text: string;
  html: string;
  to: string[];
}

export interface Mailbox {
  /** Everything that arrived (for `to` only, when given). */
  all(to?: string): Promise<Mail[]>;
  /** Waits until `count` emails have arrived for `to`, and returns them. */
  waitFor(to: string, count?: number): Promise<Mail[]>;
}

export function mailbox(httpPort: number): Mailbox {
  async function all(to?: string): Promise<Mail[]> {
    const query = to ? `?to=${encodeURIComponent(to)}` : '';
    return (await (await fetch(`http://127.0.0.1:${httpPort}/messages${query}`)).json()) as Mail[];
  }
  async function waitFor(to: string, count = 1): Promise<Mail[]> {
    let mails: Mail[] = [];
    await expect
      .poll(async () => (mails = await all(to)).length, {
        timeout: 20_000,
        message: `waiting for ${count} email(s) to ${to}`,
      })
      .toBeGreaterThanOrEqual(count);
    return mails;
  }
  return { all, waitFor };
}

/** The link of one purpose (welcome, reset-password, unblock, …) in an email: on `origin`, nowhere else. */
export function linkOn(origin: string, mail: Mail, path: string): string {
  const link = new RegExp(`${origin}/${path}\\?token=[A-Za-z0-9_-]{43}`).exec(mail.text)?.[0];
  expect(link, mail.text).toBeTruthy();
  return link!;
}

/**
 * An account made by the command line, whose owner then chose a password through the
 * welcome email, as a real one is; the browser ends up signed in on its home page (a
 * client's /account, staff's /admin).
 */
export async function accountThroughWelcome(
  page: Page,
  app: { origin: string; cli: (...args: string[]) => Promise<CliResult>; mail: Mailbox },
  person: { email: string; name: string; role: string; password?: string },
): Promise<{ email: string; password: string }> {
  const password = person.password ?? GOOD_PASSWORD;
  const made = await app.cli('create', '--email', person.email, '--name', person.name, '--role', person.role);
  expect(made.code, made.stderr).toBe(0);
  const [mail] = await app.mail.waitFor(person.email);
  await choosePassword(page, linkOn(app.origin, mail!, 'welcome'), password);
  const home = person.role === 'client' ? 'account' : 'admin';
  await expect(page).toHaveURL(new RegExp(`^${app.origin}/${home}$`));
  return { email: person.email, password };
}
