/**
 * The production browser tests' kit (e2e/production/*.spec.ts): fixtures that check every
 * response the browser sees for the rules of the production shape, its command line and
 * mail (mailbox.ts), and nginx's access log (which instance served what).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import {
  test as base,
  expect,
  request as playwrightRequest,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from '@playwright/test';
import { cookieProblems, parseSetCookie } from '../../lib/http/cookie-rules';
import {
  choosePassword,
  GOOD_PASSWORD,
  runAccountsCli,
  signIn,
  uniqueEmail,
  type CliResult,
} from './accounts';
import {
  OIDC_PROD_RP_PORT,
  PROD_INSTANCE_PORTS,
  PROD_ORIGIN,
  PROD_SMTP_HTTP_PORT,
  RUN_SUFFIX,
} from './ports';
import { ACCESS_LOG } from '../production/nginx-config';
import { PROD_APP_ENV } from '../production/prod-env';
import { accountThroughWelcome, linkOn, mailbox, type Mail } from './mailbox';

export { expect };

/**
 * What must never be in a page or an answer of the platform's address: the bind address,
 * an instance's own port, or the wrong-address notice filled in (every page carries the
 * notice's template, with its {seen} placeholder, in the message catalog).
 */
const LEAKS = [
  /0\.0\.0\.0/,
  ...PROD_INSTANCE_PORTS.map((p) => new RegExp(`:${p}\\b`)),
  /You opened this page at (?!\{seen\})/,
  /U opende deze pagina op (?!\{seen\})/,
];

/** Where else the platform may send a browser: the application of e2e/production/oidc.spec.ts (its redirect URI). */
const APPLICATION_ORIGINS = [`http://127.0.0.1:${OIDC_PROD_RP_PORT}`];

/** Checks one response of the platform's address; returns what is wrong with it. */
async function responseProblems(response: import('@playwright/test').Response): Promise<string[]> {
  const url = new URL(response.url());
  if (url.origin !== PROD_ORIGIN) return [];
  const where = `${response.request().method()} ${url.pathname}${url.search.slice(0, 40)} → ${response.status()}`;
  const problems: string[] = [];
  const headers = await response.allHeaders();
  for (const name of ['location', 'x-action-redirect']) {
    const value = headers[name]?.split(';')[0];
    const origin = value ? new URL(value, response.url()).origin : PROD_ORIGIN;
    if (origin !== PROD_ORIGIN && !APPLICATION_ORIGINS.includes(origin))
      problems.push(`${where}: ${name} ${value} is not on ${PROD_ORIGIN}`);
  }
  for (const { name, value } of await response.headersArray()) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    const cookie = parseSetCookie(value);
    for (const p of cookieProblems(cookie, { https: true, holdsSecret: cookie.name !== 'gatehouse.locale' }))
      problems.push(`${where}: ${p}`);
  }
  if (
    response.request().resourceType() === 'document' &&
    response.status() < 300 &&
    !headers['strict-transport-security']
  )
    problems.push(`${where}: no HSTS`);
  const type = headers['content-type'] ?? '';
  if (/text\/html|text\/x-component/.test(type) && response.status() < 300) {
    const body = await response.text().catch(() => '');
    for (const leak of LEAKS) if (leak.test(body)) problems.push(`${where}: the answer matches ${leak}`);
  }
  return problems;
}

function watch(context: BrowserContext, problems: string[], pending: Promise<unknown>[]): void {
  context.on('response', (response) => {
    pending.push(
      responseProblems(response).then(
        (found) => problems.push(...found),
        () => undefined,
      ),
    );
  });
}

interface Fixtures {
  /** Opens another browser (another person), watched like the first. */
  newWatchedContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
}

export const test = base.extend<Fixtures>({
  context: async ({ context }, provide) => {
    const problems: string[] = [];
    const pending: Promise<unknown>[] = [];
    watch(context, problems, pending);
    await provide(context);
    await Promise.allSettled(pending);
    expect(problems, 'production-shape rules broken by the answers seen in this test').toEqual([]);
  },
  newWatchedContext: async ({ browser }, provide) => {
    const problems: string[] = [];
    const pending: Promise<unknown>[] = [];
    const opened: BrowserContext[] = [];
    await provide(async (options) => {
      const context = await newContext(browser, options);
      watch(context, problems, pending);
      opened.push(context);
      return context;
    });
    await Promise.allSettled(pending);
    for (const c of opened) await c.close().catch(() => undefined);
    expect(
      problems,
      'production-shape rules broken by the answers seen in other browsers of this test',
    ).toEqual([]);
  },
});

function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: PROD_ORIGIN, ignoreHTTPSErrors: true, ...options });
}

// ---- the command line, the mail ----

export function prodCli(...args: string[]): Promise<CliResult> {
  return runAccountsCli(
    { ...process.env, ...PROD_APP_ENV, DATA_DIR: `.data/e2e-prod${RUN_SUFFIX}/cli` },
    args,
  );
}

/** A unique address (the same maker as every project's: accounts.ts). */
export const prodEmail = (prefix: string) => uniqueEmail(prefix);

/** The mail the production shape sent (through its own SMTP sink). */
const prodMailbox = mailbox(PROD_SMTP_HTTP_PORT);
export type { Mail };
export const allMail = prodMailbox.all;
export const waitForMail = prodMailbox.waitFor;

/** The link of one purpose in an email: on the platform's https address, nowhere else. */
export function linkIn(mail: Mail, path: 'welcome' | 'reset-password' | 'unblock'): string {
  return linkOn(PROD_ORIGIN, mail, path);
}

/** An account made by the command line, whose owner then chose a password through the welcome email. */
export async function activeAccount(
  page: Page,
  role: 'client' | 'helpdesk' | 'application_manager',
  name: string,
  password = GOOD_PASSWORD,
) {
  const person = { email: prodEmail(role), name, role, password };
  return accountThroughWelcome(page, { origin: PROD_ORIGIN, cli: prodCli, mail: prodMailbox }, person);
}

// The same steps as on the other projects' instances: a person's own pages, through nginx.
export { choosePassword, GOOD_PASSWORD, signIn };

// ---- which instance served what (nginx's access log: "upstream method uri status") ----

export const INSTANCES = PROD_INSTANCE_PORTS.map((p) => `127.0.0.1:${p}`);

export interface Served {
  upstream: string;
  method: string;
  uri: string;
  status: number;
}

export function accessLog(): Served[] {
  return fs
    .readFileSync(ACCESS_LOG, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [upstream = '', method = '', uri = '', status = '0'] = line.split(' ');
      return { upstream, method, uri, status: Number(status) };
    });
}

/**
 * Makes nginx send the next request to `instance`. nginx runs one worker here, so round
 * robin strictly alternates: a probe request goes first, and when it was served by
 * `instance` a second one does, so that the next request goes there. Each probe's own line in
 * nginx's access log says who served it: waited for, not guessed after a fixed pause (which
 * read a stale last line on a busy machine). Call it only while no browser page is loading
 * anything.
 */
export async function nextRequestTo(instance: string): Promise<void> {
  for (let probes = 0; probes < 4; probes++) {
    const uri = `/robots.txt?probe=${randomUUID()}`;
    const api = await playwrightRequest.newContext({ ignoreHTTPSErrors: true });
    await api.get(`${PROD_ORIGIN}${uri}`);
    await api.dispose();
    let served: Served | undefined;
    await expect
      .poll(() => (served = accessLog().find((s) => s.uri === uri)), {
        message: `nginx logs ${uri}`,
        timeout: 10_000,
      })
      .toBeTruthy();
    if (served!.upstream !== instance) return;
  }
  throw new Error(`nginx kept sending requests to ${instance}: is the other instance down?`);
}
