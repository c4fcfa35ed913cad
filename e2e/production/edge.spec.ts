/**
 * What the edge server answers itself, in the production shape: clean 4xx where Next.js
 * would answer 500, and the health endpoints load balancers use.
 */
import http from 'node:http';
import { request } from '@playwright/test';
import { PROD_INSTANCE_PORTS, PROD_ORIGIN } from '../support/ports';
import { expect, test } from '../support/production';

const INSTANCE = `http://localhost:${PROD_INSTANCE_PORTS[0]}`;

test('any method but GET/HEAD on a static file is 405, not 500', async () => {
  const api = await request.newContext({ ignoreHTTPSErrors: true });
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const response = await api.fetch(`${PROD_ORIGIN}/_next/static/chunks/main.js`, {
      method,
      data: 'x',
      headers: { origin: PROD_ORIGIN },
    });
    expect(response.status(), method).toBe(405);
    expect(response.headers().allow).toBe('GET, HEAD');
  }
  await api.dispose();
});

test('a body over 1 MB is 413 at the proxy and at the app itself, never 500', async () => {
  const api = await request.newContext({ ignoreHTTPSErrors: true });
  const big = 'a'.repeat(1024 * 1024 + 10);
  const viaProxy = await api.post(`${PROD_ORIGIN}/login`, {
    data: big,
    headers: { origin: PROD_ORIGIN, 'content-type': 'text/plain', 'next-action': 'a'.repeat(42) },
  });
  expect(viaProxy.status()).toBe(413);
  // Straight to an instance (as a proxy with a larger limit would send it): Next alone answered 500.
  const direct = await api.post(`${INSTANCE}/login`, {
    data: big,
    headers: { origin: PROD_ORIGIN, 'content-type': 'text/plain', 'next-action': 'a'.repeat(42) },
  });
  expect(direct.status()).toBe(413);
  expect(await direct.text()).toContain('too large');
  await api.dispose();
});

test('the accounts upload alone takes up to 4 MB, at the proxy and at the app; 1 MB elsewhere', async () => {
  const api = await request.newContext({ ignoreHTTPSErrors: true, maxRedirects: 0 });
  const post = (origin: string, path: string, megabytes: number) =>
    api.post(`${origin}${path}`, {
      multipart: {
        file: { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(megabytes * 1024 * 1024, 'a') },
      },
      headers: { origin: PROD_ORIGIN },
    });
  // 2 MB passes the edge; nobody is signed in, so the app sends the visitor to sign in.
  for (const origin of [PROD_ORIGIN, INSTANCE])
    expect((await post(origin, '/admin/accounts/import/upload', 2)).status(), origin).toBe(303);
  expect((await post(PROD_ORIGIN, '/admin/accounts/import/upload', 5)).status()).toBe(413);
  expect((await post(PROD_ORIGIN, '/admin/accounts/import', 2)).status()).toBe(413);
  await api.dispose();
  // The app itself answers a body announced too large at once, before it arrives (a client
  // still sending it would meet a closed connection, as the app closes it).
  expect(await announced('/admin/accounts/import/upload', 5)).toBe(413);
  expect(await announced('/admin/accounts/import', 2)).toBe(413);
});

function announced(path: string, megabytes: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${INSTANCE}${path}`, {
      method: 'POST',
      headers: {
        origin: PROD_ORIGIN,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(megabytes * 1024 * 1024),
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
      req.destroy();
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

test('/healthz and /readyz answer, unauthenticated, saying nothing else', async () => {
  const api = await request.newContext({ ignoreHTTPSErrors: true });
  for (const path of ['/healthz', '/readyz']) {
    const response = await api.get(`${PROD_ORIGIN}${path}`);
    expect(response.status(), path).toBe(200);
    expect((await response.text()).trim()).toMatch(/^(ok|ready)$/);
  }
  await api.dispose();
});
