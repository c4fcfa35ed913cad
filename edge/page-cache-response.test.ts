import {
  createServer,
  get as httpGet,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageCache, loopbackRenderer } from './page-cache-response';
import { SEEN_HOST_HEADER } from '@/lib/security/client-ip';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';

/**
 * The cache in front of a stand-in for Next.js that answers as Next does (headers set one by
 * one, flushHeaders, the body in chunks), with a new nonce per render and a count of renders.
 * The cache fills itself as the edge does: by asking this same server over loopback.
 */
let renders = 0;
/** What each render was asked with, to check that no visitor's header reaches a kept page. */
const rendered: IncomingMessage['headers'][] = [];
let server: Server;
let origin = '';
const nonceOfRender = (n: number) => `render${n}nonce+/AAAAAAAAAA==`;

function fakeNext(req: IncomingMessage, res: ServerResponse) {
  const n = ++renders;
  rendered.push({ ...req.headers });
  const nonce = nonceOfRender(n);
  res.setHeader('content-security-policy', `script-src 'nonce-${nonce}' 'strict-dynamic'`);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('x-seen-accept-encoding', String(req.headers['accept-encoding'] ?? 'none'));
  if (req.url === '/help/no-email') res.setHeader('set-cookie', 'x=1');
  if (req.url === '/forgot-password') res.statusCode = 500;
  if (req.url === '/help/deactivated') res.statusCode = 302;
  res.flushHeaders();
  res.write(`<html lang="${req.headers['accept-language']}"><script nonce="${nonce}">`);
  res.write(Buffer.from(`self.__next_f.push("{\\"nonce\\":\\"${nonce}\\"}")</script>`));
  res.end(`<p>render ${n} of ${req.url}</p></html>`);
}

const CACHEABLE = [
  '/login',
  '/login?reset=1',
  '/help',
  '/help/passwords',
  '/help/no-email',
  '/help/deactivated',
  '/forgot-password',
];

beforeAll(async () => {
  let port = 0;
  const cache = createPageCache({
    enabled: true,
    cacheableUrls: new Set(CACHEABLE),
    appHost: 'localhost',
    defaultLocale: 'en',
    render: (url, locale) => loopbackRenderer(port, 'marker', 'localhost')(url, locale),
  });
  server = createServer((req, res) => {
    // What the edge's forwarded-headers.ts does for a visitor (the loopback render brings its own).
    req.headers[SEEN_HOST_HEADER] ??= 'localhost';
    void cache.answer(req, res).then((served) => served || fakeNext(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(origin + path, {
    method,
    headers: { 'accept-encoding': 'identity', 'accept-language': 'en', ...headers },
  });
  const csp = response.headers.get('content-security-policy') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    nonce: /'nonce-([^']+)'/.exec(csp)?.[1] ?? '',
    body: await response.text(),
  };
}

describe('the page cache on a live response', () => {
  it('renders a page once, and answers every request from it with a fresh nonce everywhere', async () => {
    const before = renders;
    const first = await get('/login');
    expect(renders).toBe(before + 1);
    const second = await get('/login');
    const third = await get('/login');
    expect(renders).toBe(before + 1);
    // Next was asked for the identity body, whatever the browser accepts; nobody got the render's nonce.
    expect(first.headers.get('x-seen-accept-encoding')).toBe('identity');
    const nonces = [nonceOfRender(before + 1), first.nonce, second.nonce, third.nonce];
    expect(new Set(nonces).size).toBe(4);
    for (const page of [second, third]) {
      expect(page.body).toBe(first.body.replaceAll(first.nonce, page.nonce));
      expect(page.headers.get('content-length')).toBe(String(Buffer.byteLength(page.body)));
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('renders a kept page from a request of its own, never from what the visitor sent', async () => {
    const before = rendered.length;
    await get('/help/passwords', {
      cookie: `${LOCALE_COOKIE}=en`,
      'x-personal': 'mine',
      'user-agent': 'visitor',
    });
    const asked = rendered.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.cookie).toBeUndefined();
    expect(asked[0]!['x-personal']).toBeUndefined();
    expect(asked[0]!['user-agent']).toBeUndefined();
    expect(asked[0]!['accept-language']).toBe('en');
  });

  it('renders a page once for a burst of parallel first requests', async () => {
    const before = renders;
    const pages = await Promise.all(Array.from({ length: 20 }, () => get('/login?reset=1')));
    expect(renders).toBe(before + 1);
    expect(new Set(pages.map((p) => p.nonce)).size).toBe(20);
  });

  it('compresses as the browser asks, on a miss and on a hit', async () => {
    for (let i = 0; i < 2; i++) {
      const raw = await new Promise<{ encoding?: string; length?: string; body: Buffer }>((resolve, reject) =>
        httpGet(`${origin}/help`, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
          const parts: Buffer[] = [];
          res
            .on('data', (c: Buffer) => parts.push(c))
            .on('end', () =>
              resolve({
                encoding: res.headers['content-encoding'],
                length: res.headers['content-length'],
                body: Buffer.concat(parts),
              }),
            );
        }).on('error', reject),
      );
      expect(raw.encoding).toBe('gzip');
      expect(raw.length).toBe(String(raw.body.length));
      expect(gunzipSync(raw.body).toString()).toContain('of /help');
    }
  });

  it('keeps one page per language', async () => {
    const dutch = await get('/help/passwords', { 'accept-language': 'nl' });
    const english = await get('/help/passwords', { 'accept-language': 'en' });
    expect(dutch.body).toContain('lang="nl"');
    expect(english.body).toContain('lang="en"');
    expect((await get('/help/passwords', { 'accept-language': 'nl' })).body).toContain('lang="nl"');
  });

  it('answers HEAD from a kept page without a body', async () => {
    await get('/login?reset=1');
    const before = renders;
    const head = await get('/login?reset=1', {}, 'HEAD');
    expect(renders).toBe(before);
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.nonce).not.toBe('');
  });

  it("never keeps an answer that set a cookie, failed or redirected: each visitor gets Next's own answer", async () => {
    for (const path of ['/help/no-email', '/forgot-password', '/help/deactivated']) {
      const before = renders;
      const a = await get(path);
      const b = await get(path);
      // One render for the cache (not kept, and remembered as such), then one per visitor.
      expect(renders).toBe(before + 3);
      expect(a.body).toContain(`render ${before + 2} of ${path}`);
      expect(b.body).toContain(`render ${before + 3} of ${path}`);
    }
    expect((await get('/forgot-password')).status).toBe(500);
    expect((await get('/help/no-email')).headers.get('set-cookie')).toBe('x=1');
  });

  it('renders for a session cookie or an unknown query even when a page is kept', async () => {
    await get('/login');
    const before = renders;
    await get('/login', { cookie: 'gatehouse.session=abc' });
    await get('/login?from=mail');
    expect(renders).toBe(before + 2);
  });
});
