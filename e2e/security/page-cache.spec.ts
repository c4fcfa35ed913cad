/**
 * The edge's page cache (edge/page-cache.ts), against real `npm start` instances of this
 * spec's own: one with the cache on (the default) and METRICS_TOKEN, so the tests can tell a
 * hit from a render, and one with PAGE_CACHE=off, the answer a page rendered per request gets.
 * A kept page must be that answer, byte for byte, apart from its nonce (new in every answer,
 * body and header alike), Date and X-Request-Id; and nothing personal may come from the cache.
 */
import { expect, test } from '@playwright/test';
import { PAGE_CACHE_PORTS, RUN_SUFFIX } from '../support/ports';
import { startOwnInstance, type OwnInstance } from '../support/own-instance';

const ON = `http://localhost:${PAGE_CACHE_PORTS.on}`;
const OFF = `http://localhost:${PAGE_CACHE_PORTS.off}`;
const METRICS_TOKEN = 'page-cache-spec-metrics-token';

const instances: OwnInstance[] = [];
/** The demo client's password, from the cache-on instance's first start (printed once). */
let clientPassword = '';

async function start(origin: string, port: number, extra: Record<string, string>): Promise<string> {
  const instance = await startOwnInstance({
    ...process.env,
    APP_URL: origin,
    PORT: String(port),
    DATA_DIR: `.data/e2e-page-cache-${port}${RUN_SUFFIX}`,
    DATABASE_URL: '',
    SMTP_URL: '',
    PLATFORM_NAME: 'Gatehouse page cache e2e',
    DEFAULT_LOCALE: 'en',
    NEXT_TELEMETRY_DISABLED: '1',
    ...extra,
  });
  instances.push(instance);
  return instance.log();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const [log] = await Promise.all([
    start(ON, PAGE_CACHE_PORTS.on, { METRICS_TOKEN }),
    start(OFF, PAGE_CACHE_PORTS.off, { PAGE_CACHE: 'off' }),
  ]);
  clientPassword = /client\s+\S+\s+password: (\S+)/.exec(log)?.[1] ?? '';
  expect(clientPassword, 'the demo client is printed at first start').not.toBe('');
});

test.afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
});

/** The page cache's counters on the cache-on instance. */
async function cacheCounts(): Promise<{ hit: number; miss: number; bypass: number }> {
  const text = await (
    await fetch(`${ON}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const count = (result: string) =>
    Number(new RegExp(`gatehouse_page_cache_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss'), bypass: count('bypass') };
}

interface Page {
  status: number;
  nonce: string;
  headers: Record<string, string>;
  body: string;
}

async function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Page> {
  const response = await fetch(url, {
    method,
    redirect: 'manual',
    headers: { 'accept-encoding': 'identity', 'accept-language': 'en', ...headers },
  });
  const all = Object.fromEntries(response.headers);
  return {
    status: response.status,
    nonce: /'nonce-([^']+)'/.exec(all['content-security-policy'] ?? '')?.[1] ?? '',
    headers: all,
    body: await response.text(),
  };
}

/** What must be equal between two answers of one page: all but nonce, origin and per-answer headers. */
function comparable(page: Page, origin: string) {
  const PER_ANSWER = [
    'date',
    'x-request-id',
    'content-length',
    'transfer-encoding',
    'connection',
    'keep-alive',
  ];
  const normal = (s: string) => s.replaceAll(page.nonce, 'NONCE').replaceAll(new URL(origin).host, 'HOST');
  return {
    status: page.status,
    headers: Object.fromEntries(
      Object.entries(page.headers)
        .filter(([name]) => !PER_ANSWER.includes(name))
        .map(([name, value]) => [name, normal(value)]),
    ),
    body: normal(page.body),
  };
}

/** Each script's nonce attribute: all must be the header's. */
function scriptNonces(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => /nonce="([^"]*)"/.exec(m[1]!)?.[1] ?? '(none)');
}

test('ASVS 3.4: two loads of /login: a hit, each with its own nonce, named by its CSP and on every script', async () => {
  await get(`${ON}/login`);
  const before = await cacheCounts();
  const [a, b] = [await get(`${ON}/login`), await get(`${ON}/login`)];
  expect((await cacheCounts()).hit - before.hit).toBe(2);
  expect(a.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(b.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(a.nonce).not.toBe(b.nonce);
  for (const page of [a, b]) {
    expect(new Set(scriptNonces(page.body))).toEqual(new Set([page.nonce]));
    expect(page.body).not.toContain(page === a ? b.nonce : a.nonce);
  }
});

test('ASVS 3.4: 50 parallel loads of /login get 50 different nonces, each page carrying its own', async () => {
  await get(`${ON}/login`);
  const pages = await Promise.all(Array.from({ length: 50 }, () => get(`${ON}/login`)));
  expect(new Set(pages.map((p) => p.nonce)).size).toBe(50);
  for (const page of pages) {
    expect(page.status).toBe(200);
    expect(new Set(scriptNonces(page.body))).toEqual(new Set([page.nonce]));
  }
});

test('a kept page is the rendered page, byte for byte but for nonce, Date and request id (both languages, compressed or not)', async () => {
  const urls = [
    '/login',
    '/login?signedOut=1',
    '/login?reset=1',
    '/forgot-password',
    '/help',
    '/help/passwords',
    '/help/no-email',
  ];
  for (const url of urls)
    for (const headers of [
      { 'accept-language': 'en' } as Record<string, string>,
      { 'accept-language': 'nl' },
      { cookie: 'gatehouse.locale=nl', 'accept-language': 'en' },
      { 'accept-encoding': 'gzip, deflate, br, zstd' },
    ]) {
      await get(`${ON}${url}`, headers); // fills the cache
      const before = await cacheCounts();
      const cached = await get(`${ON}${url}`, headers);
      expect((await cacheCounts()).hit - before.hit, `${url} ${JSON.stringify(headers)} is a hit`).toBe(1);
      const rendered = await get(`${OFF}${url}`, headers);
      expect(comparable(cached, ON), `${url} ${JSON.stringify(headers)}`).toEqual(comparable(rendered, OFF));
    }
});

test('a HEAD is answered with the page headers and no body', async () => {
  await get(`${ON}/forgot-password`);
  const head = await get(`${ON}/forgot-password`, {}, 'HEAD');
  expect(head.status).toBe(200);
  expect(head.body).toBe('');
  expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(head.nonce).not.toBe('');
});

test('each language gets its own page, whichever was kept first', async () => {
  for (let i = 0; i < 2; i++) {
    const dutch = await get(`${ON}/login`, { cookie: 'gatehouse.locale=nl' });
    expect(dutch.body).toContain('<html lang="nl"');
    expect(dutch.body).toContain('<h1>Inloggen</h1>');
    const english = await get(`${ON}/login`, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.body).toContain('<html lang="en"');
    expect(english.body).toContain('<h1>Sign in</h1>');
    const fromBrowser = await get(`${ON}/help`, { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' });
    expect(fromBrowser.body).toContain('<html lang="nl"');
  }
});

/** Whether the page shows this status message (the catalog the form receives holds every text). */
const shows = (html: string, text: string) =>
  html.includes(`<p role="status" class="alert alert-info">${text}</p>`);

test('?signedOut=1 and ?reset=1 show their message, plain /login none, an unknown query is rendered', async () => {
  const signedOut = 'You are signed out.';
  const reset = 'Your password was changed. Sign in with your new password.';
  for (let i = 0; i < 2; i++) {
    const page = (await get(`${ON}/login?signedOut=1`)).body;
    expect([shows(page, signedOut), shows(page, reset)]).toEqual([true, false]);
    const plain = (await get(`${ON}/login`)).body;
    expect([shows(plain, signedOut), shows(plain, reset)]).toEqual([false, false]);
    const afterReset = (await get(`${ON}/login?reset=1`)).body;
    expect([shows(afterReset, signedOut), shows(afterReset, reset)]).toEqual([false, true]);
  }
  const before = await cacheCounts();
  const unknown = await get(`${ON}/login?signedOut=1&from=mail`);
  const help = await get(`${ON}/help?q=password`);
  const after = await cacheCounts();
  // Never looked up: an unknown query is rendered by Next.js as any other URL.
  expect([after.hit, after.miss]).toEqual([before.hit, before.miss]);
  expect(unknown.status).toBe(200);
  expect(shows(unknown.body, signedOut)).toBe(true);
  expect(help.body).toMatch(/<h2 id="help-results">[^<]*password/);
});

test('another address than APP_URL still gets the wrong-address note, and the right one does not', async () => {
  const note = /<div class="alert" role="note"><h2 class="alert-title">This is not the usual address<\/h2>/;
  await get(`${ON}/login`);
  const before = await cacheCounts();
  const wrong = (await get(`http://127.0.0.1:${PAGE_CACHE_PORTS.on}/login`)).body;
  expect((await cacheCounts()).bypass - before.bypass).toBe(1);
  expect(note.test(wrong)).toBe(true);
  expect(wrong).toContain(`You opened this page at 127.0.0.1:${PAGE_CACHE_PORTS.on}.`);
  expect(note.test((await get(`${ON}/login`)).body)).toBe(false);
});

test('a cached /login hydrates and signs in with JavaScript, with no CSP violation; signed in, /login sends home', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await get(`${ON}/login`, { 'accept-language': 'en-US,en;q=0.9' });
  const before = await cacheCounts();
  await page.goto(`${ON}/login`);
  expect((await cacheCounts()).hit - before.hit, 'the document came from the cache').toBeGreaterThanOrEqual(
    1,
  );
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();

  // Signing in through the hydrated form is a fetch asking for JSON, not a plain form post.
  await page.waitForFunction(() => {
    const form = document.querySelector('form[action="/login/password"]');
    return !!form && Object.keys(form).some((key) => key.startsWith('__reactProps'));
  });
  const action = page.waitForRequest(
    (r) =>
      r.method() === 'POST' &&
      r.url().endsWith('/login/password') &&
      (r.headers()['accept'] ?? '').includes('application/json'),
  );
  await page.getByLabel('Email address', { exact: true }).fill('client@demo.gatehouse.test');
  await page.getByLabel('Password', { exact: true }).fill(clientPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await action;
  await expect(page).toHaveURL(`${ON}/account`);

  // With the session cookie, /login is rendered (never served from the cache) and sends home.
  const beforeSignedIn = await cacheCounts();
  await page.goto(`${ON}/login`);
  await expect(page).toHaveURL(`${ON}/account`);
  expect((await cacheCounts()).hit).toBe(beforeSignedIn.hit);

  // Signed out, whatever cookies of next-auth's stay in the browser (its callback URL), no
  // cached page reads them, so /login is a hit again (before, everyone who had signed in
  // once got it rendered).
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  const left = (await page.context().cookies()).map((c) => c.name);
  expect(left).not.toContain('gatehouse.session');
  const beforeSignedOut = await cacheCounts();
  await page.goto(`${ON}/login`);
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  expect(
    (await cacheCounts()).hit - beforeSignedOut.hit,
    'signed out, the document came from the cache',
  ).toBe(1);
  expect(violations).toEqual([]);
});

test("a signed-in person's answers never reach anyone else: the same URLs at once, signed in and not", async () => {
  const email = 'client@demo.gatehouse.test';
  const signIn = await fetch(`${ON}/login/password`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      accept: 'application/json',
      origin: ON,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ email, password: clientPassword }),
  });
  expect(signIn.status).toBe(200);
  const session = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  expect(session).toContain('gatehouse.session=');
  // The signed-in answers are personal: the account page names the person.
  expect((await get(`${ON}/account`, { cookie: session })).body).toContain(email);

  const urls = [
    '/login',
    '/login?signedOut=1',
    '/forgot-password',
    '/help',
    '/help/passwords',
    '/help/no-email',
  ];
  const before = await cacheCounts();
  // Cold and warm keys alike: each URL asked by both at the same moment, five times over.
  const answers = await Promise.all(
    urls.flatMap((url) =>
      Array.from({ length: 5 }, (_, i) => [
        get(`${ON}${url}`, { cookie: session, 'accept-language': i % 2 ? 'nl' : 'en' }).then((page) => ({
          url,
          signedIn: true,
          page,
        })),
        get(`${ON}${url}`, { 'accept-language': i % 2 ? 'nl' : 'en' }).then((page) => ({
          url,
          signedIn: false,
          page,
        })),
      ]).flat(),
    ),
  );
  const after = await cacheCounts();
  for (const { url, signedIn, page } of answers) {
    if (signedIn) continue;
    expect(page.status, url).toBe(200);
    expect(page.body, `${url} for an anonymous visitor`).not.toContain(email);
    expect(page.headers['set-cookie'], url).toBeUndefined();
  }
  // Every signed-in request went past the cache (rendered for the person), none was a hit.
  expect(after.bypass - before.bypass).toBe(urls.length * 5);
  expect(after.hit + after.miss - before.hit - before.miss).toBe(urls.length * 5);
});
