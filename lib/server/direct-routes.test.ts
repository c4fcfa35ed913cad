import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { answerDirectly, directRouteFor } from './direct-routes';
import { offerToEdge, type EdgeHandler, type EdgeRequest } from './edge-routes';

let server: Server;
let base: string;
let seen: EdgeRequest[] = [];
let answer: () => Promise<Response>;

const handler: EdgeHandler = async (request) => {
  seen.push(request);
  return answer();
};

beforeAll(async () => {
  server = createServer((req, res) => void answerDirectly(req, res, handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function reset(response: () => Response) {
  seen = [];
  answer = async () => response();
}

describe('answering a route directly at the edge', () => {
  it("hands the handler the public URL, the headers and no body for a GET, and sends its answer with proxy.ts's headers", async () => {
    reset(() => {
      const headers = new Headers({
        'content-type': 'application/json',
        'cache-control': 'public, max-age=60',
      });
      headers.append('set-cookie', 'a=1; Path=/; HttpOnly');
      headers.append('set-cookie', 'b=2; Path=/; HttpOnly');
      return new Response('{"csrfToken":"x"}', { status: 200, headers });
    });
    const response = await fetch(`${base}/api/auth/csrf?x=1`, { headers: { 'x-test': 'yes' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"csrfToken":"x"}');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(new URL('/api/auth/csrf?x=1', env.APP_URL).href);
    expect(seen[0]!.method).toBe('GET');
    expect(seen[0]!.headers.get('x-test')).toBe('yes');
    expect(seen[0]!.body).toBeNull();
    // Both cookies arrive separately; ours win over the handler's cache header, as in proxy.ts.
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/; HttpOnly']);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(
      /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
    );
  });

  it('gives each answer its own nonce', async () => {
    reset(() => new Response('ok'));
    const policies = await Promise.all(
      Array.from({ length: 20 }, async () =>
        (await fetch(`${base}/api/auth/csrf`)).headers.get('content-security-policy'),
      ),
    );
    expect(new Set(policies).size).toBe(20);
  });

  it('passes a POST body on byte for byte', async () => {
    reset(() => new Response(null, { status: 302, headers: { location: `${env.APP_URL}/` } }));
    const body = `csrfToken=abc&email=${encodeURIComponent('ä@example.org')}&password=${'x'.repeat(5000)}`;
    const response = await fetch(`${base}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: env.APP_URL, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${env.APP_URL}/`);
    expect(new TextDecoder().decode(seen[0]!.body!)).toBe(body);
  });

  it('refuses a post from another site or a null origin with 403 before the handler runs, as proxy.ts does', async () => {
    reset(() => new Response('should not run'));
    for (const origin of ['https://evil.example', 'null']) {
      const response = await fetch(`${base}/api/auth/callback/credentials`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'csrfToken=x',
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toBe(`Request refused: use ${env.APP_URL}`);
    }
    expect(seen).toHaveLength(0);
  });

  it('answers HEAD without a body', async () => {
    reset(() => new Response('{"a":1}', { headers: { 'content-type': 'application/json' } }));
    const response = await fetch(`${base}/api/auth/providers`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(seen[0]!.method).toBe('HEAD');
  });

  it('answers a handler that throws with a plain 500 (the edge turns it into 503 while the database is away)', async () => {
    answer = () => Promise.reject(new Error('database gone'));
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const response = await fetch(`${base}/api/auth/session`);
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('Internal Server Error');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });
});

describe('which requests the edge answers directly', () => {
  it('only GET, HEAD and POST under /api/auth/, once the auth route has offered its handler', () => {
    const globalRegistry = globalThis as unknown as { __gatehouseEdgeRoutes?: object };
    delete globalRegistry.__gatehouseEdgeRoutes;
    expect(directRouteFor('GET', '/api/auth/csrf')).toBeNull();
    offerToEdge('auth', handler);
    expect(directRouteFor('GET', '/api/auth/csrf')).toBe(handler);
    expect(directRouteFor('HEAD', '/api/auth/session')).toBe(handler);
    expect(directRouteFor('POST', '/api/auth/callback/credentials?x=1')).toBe(handler);
    expect(directRouteFor('PUT', '/api/auth/csrf')).toBeNull();
    expect(directRouteFor('OPTIONS', '/api/auth/csrf')).toBeNull();
    expect(directRouteFor('GET', '/api/authx')).toBeNull();
    expect(directRouteFor('GET', '/login')).toBeNull();
    expect(directRouteFor('POST', '/login')).toBeNull();
    delete globalRegistry.__gatehouseEdgeRoutes;
  });
});
