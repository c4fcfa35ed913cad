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
import { createPageCache } from './page-cache-response';
import { SEEN_HOST_HEADER } from '@/lib/security/client-ip';

/**
 * The cache in front of a stand-in for Next.js that answers as Next does (headers set one by
 * one, flushHeaders, the body in chunks), with a new nonce per render and a count of renders.
 */
let renders = 0;
let server: Server;
let origin = '';
const nonceOfRender = (n: number) => `render${n}nonce+/AAAAAAAAAA==`;

function fakeNext(req: IncomingMessage, res: ServerResponse) {
  const n = ++renders;
  const nonce = nonceOfRender(n);
  res.setHeader('content-security-policy', `script-src 'nonce-${nonce}' 'strict-dynamic'`);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('x-seen-accept-encoding', String(req.headers['accept-encoding'] ?? 'none'));
  if (req.url === '/help/no-email') res.setHeader('set-cookie', 'x=1');
  if (req.url === '/forgot-password') res.statusCode = 500;
  res.flushHeaders();
  res.write(`<html lang="${req.headers['accept-language']}"><script nonce="${nonce}">`);
  // A header set after the first bytes (Node allows it while the cache holds the answer back).
  if (req.url === '/help') res.setHeader('set-cookie', 'late=1');
  res.write(Buffer.from(`self.__next_f.push("{\\"nonce\\":\\"${nonce}\\"}")</script>`));
  res.end(`<p>render ${n} of ${req.url}</p></html>`);
}

beforeAll(async () => {
  const cache = createPageCache({ enabled: true, appHost: 'localhost', defaultLocale: 'en' });
  server = createServer((req, res) => {
    req.headers[SEEN_HOST_HEADER] = 'localhost';
    if (!cache.answer(req, res)) fakeNext(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  it('keeps a render and answers the next request from it, with a fresh nonce everywhere', async () => {
    const first = await get('/login');
    expect(first.nonce).toBe(nonceOfRender(renders));
    // Next was asked for the identity body, whatever the browser accepts.
    expect(first.headers.get('x-seen-accept-encoding')).toBe('none');
    const before = renders;
    const second = await get('/login');
    const third = await get('/login');
    expect(renders).toBe(before);
    expect(new Set([first.nonce, second.nonce, third.nonce]).size).toBe(3);
    for (const page of [second, third]) {
      expect(page.body).toBe(first.body.replaceAll(first.nonce, page.nonce));
      expect(page.headers.get('content-length')).toBe(String(Buffer.byteLength(page.body)));
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
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

  it('never keeps an answer that set a cookie or failed, and passes it on unchanged', async () => {
    for (const path of ['/help/no-email', '/forgot-password']) {
      const before = renders;
      const a = await get(path);
      const b = await get(path);
      expect(renders).toBe(before + 2);
      expect(a.body).toContain(`render ${before + 1} of ${path}`);
      expect(b.body).toContain(`render ${before + 2} of ${path}`);
    }
    expect((await get('/forgot-password')).status).toBe(500);
  });

  it('checks again at the end: an answer that set a cookie after its first bytes is not kept', async () => {
    const before = renders;
    const a = await get('/help');
    const b = await get('/help');
    expect(renders).toBe(before + 2);
    expect(a.headers.get('set-cookie')).toBe('late=1');
    expect(b.body).toContain(`render ${before + 2} of /help`);
  });

  it('renders for a session cookie or an unknown query even when a page is kept', async () => {
    await get('/login');
    const before = renders;
    await get('/login', { cookie: 'gatehouse.session=abc' });
    await get('/login?from=mail');
    expect(renders).toBe(before + 2);
  });
});
