/**
 * What the edge server answers itself, in the production shape: clean 4xx where Next.js
 * would answer 500, and the health endpoints load balancers use.
 */
import { request } from '@playwright/test';
import { PROD_INSTANCE_PORTS, PROD_ORIGIN } from '../support/ports';
import { expect, test } from './support';

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

test('/healthz and /readyz answer, unauthenticated, saying nothing else', async () => {
  const api = await request.newContext({ ignoreHTTPSErrors: true });
  for (const path of ['/healthz', '/readyz']) {
    const response = await api.get(`${PROD_ORIGIN}${path}`);
    expect(response.status(), path).toBe(200);
    expect((await response.text()).trim()).toMatch(/^(ok|ready)$/);
  }
  await api.dispose();
});
