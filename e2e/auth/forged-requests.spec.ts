import { expect, test } from '@playwright/test';

test.describe('requests not made by our pages', () => {
  test('a post from another site or with a null origin is refused with 403', async ({ request }) => {
    for (const origin of ['https://evil.example', 'null']) {
      for (const path of ['/login', '/login/password']) {
        const response = await request.post(path, {
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          data: 'email=a%40example.org&password=whatever',
        });
        expect(response.status(), `${path} ${origin}`).toBe(403);
      }
    }
    const signOut = await request.post('/api/auth/signout', { headers: { origin: 'https://evil.example' } });
    expect(signOut.status()).toBe(403);
  });

  test('garbage posted by a script gets a 4xx or the plain page, never a 500 or a stack trace', async ({
    request,
  }) => {
    const attempts: { headers: Record<string, string>; data: string }[] = [
      { headers: { 'next-action': 'deadbeef', 'content-type': 'text/plain' }, data: 'garbage' },
      {
        headers: { 'next-action': '0'.repeat(42), 'content-type': 'application/json' },
        data: '{"not":"an action"',
      },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: 'email=&password=' },
      {
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        data: '--x\r\nContent-Disposition: form-data; name="$ACTION_ID_nope"\r\n\r\n\r\n--x--',
      },
    ];
    for (const path of ['/login', '/login/password'])
      for (const attempt of attempts) {
        const response = await request.post(path, attempt);
        expect(response.status(), `${path} ${JSON.stringify(attempt.headers)}`).toBeLessThan(500);
        const body = await response.text();
        expect(body).not.toMatch(/at [\w.]+ \(|node_modules|\.next\/server/);
      }
  });

  test('a callbackUrl that is not a URL gets a 400 (parameter) or is ignored (cookie), never a 500 (found by npm run fuzz)', async ({
    request,
  }) => {
    for (const path of ['/api/auth/csrf', '/api/auth/session', '/api/auth/providers']) {
      const bad = await request.get(`${path}?callbackUrl=${encodeURIComponent('ḻ not a url')}`);
      expect(bad.status(), path).toBe(400);
      expect(await bad.text()).toContain('Invalid callbackUrl');
      const fine = await request.get(`${path}?callbackUrl=%2Faccount`);
      expect(fine.status(), path).toBe(200);
      const staleCookie = await request.get(path, {
        headers: { cookie: `gatehouse.callback-url=${encodeURIComponent('ḻ')}` },
      });
      expect(staleCookie.status(), path).toBe(200);
    }
  });

  test('responses carry no framework version and are not cached', async ({ request }) => {
    const response = await request.get('/login');
    expect(response.headers()['x-powered-by']).toBeUndefined();
    expect(response.headers()['cache-control']).toContain('no-store');
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
  });
});
