/**
 * The provider end to end over HTTP, with openid-client as the application: discovery, the
 * code flow with PKCE, the claims, refresh with rotation and reuse detection, revocation,
 * and bad input answered with a clear OAuth error, never a 500 and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidcClient from 'openid-client';
import { count, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcPayloads } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { active } from '@/lib/test/factories';
import {
  authorize,
  registerClient,
  relyingParty,
  signIn,
  startProviderListener,
  TestBrowser,
  toListener,
  type Listener,
} from '@/lib/test/oidc';
import { oidcProvider } from './start';

const REDIRECT = 'https://app.example.org/callback';
let listener: Listener;

beforeAll(async () => {
  listener = await startProviderListener();
  await oidcProvider(); // the database opened and migrated, the first signing key made
});
afterAll(async () => {
  await listener.close();
});

async function payloadRows(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(oidcPayloads);
  return row!.n;
}

/** A signed-in person, a first-party application and a code for it. */
async function codeFor(options: { firstParty?: boolean; public?: boolean } = {}) {
  const person = await active('client');
  const registered = await registerClient({
    redirectUris: [REDIRECT],
    firstParty: options.firstParty ?? true,
    public: options.public ?? false,
  });
  const config = await relyingParty(listener, registered);
  const browser = new TestBrowser(listener);
  await signIn(browser, person.userId);
  const { location, verifier, state } = await authorize(browser, config, { redirect_uri: REDIRECT });
  return { person, registered, config, browser, location: location!, verifier, state };
}

describe('discovery', () => {
  it('publishes every endpoint on APP_URL, the code flow with S256 PKCE only, and the scopes and claims', async () => {
    const response = await fetch(`${listener.origin}/oidc/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const meta = (await response.json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(`${env.APP_URL}/oidc`);
    for (const [key, value] of Object.entries(meta))
      if (key.endsWith('_endpoint') || key === 'jwks_uri')
        expect(String(value), key).toMatch(new RegExp(`^${env.APP_URL}/oidc/`));
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token']),
    );
    expect(meta.grant_types_supported).not.toContain('implicit');
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'role']));
    expect(meta.claims_supported).toEqual(
      expect.arrayContaining([
        'sub',
        'email',
        'email_verified',
        'name',
        'locale',
        'role',
        'amr',
        'auth_time',
      ]),
    );
    expect(meta.backchannel_logout_supported).toBe(true);
    expect(meta.backchannel_logout_session_supported).toBe(true);
    expect(meta.end_session_endpoint).toBe(`${env.APP_URL}/oidc/session/end`);
    expect(meta.revocation_endpoint).toBe(`${env.APP_URL}/oidc/token/revocation`);
    const jwks = (await (await fetch(`${listener.origin}/oidc/jwks`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(key).not.toHaveProperty('d'); // the private half is never published
    }
  });

  it("has no development interactions (the provider's own login form)", async () => {
    const response = await fetch(`${listener.origin}/interaction/abcdefghijklmnop/login`, { method: 'POST' });
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toMatch(/<input[^>]+name="login"/);
  });
});

describe('the code flow with PKCE', () => {
  it('signs a signed-in person into a first-party application: claims, userinfo, no consent page', async () => {
    const { person, config, location, verifier, state } = await codeFor();
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toBeTruthy();
    const tokens = await oidcClient.authorizationCodeGrant(config, location, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const claims = tokens.claims()!;
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(claims.sub).not.toBe(person.userId);
    expect(claims.sub).not.toContain('@');
    expect(claims).toMatchObject({
      email: person.email,
      email_verified: true,
      name: 'Test client',
      locale: 'en',
      role: 'client',
      amr: ['pwd'],
    });
    expect(typeof claims.auth_time).toBe('number');
    expect(claims.sid).toBeUndefined(); // only for applications that take back-channel logouts
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.expires_in).toBeLessThanOrEqual(600);
    const info = await oidcClient.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({ sub: claims.sub, email: person.email, role: 'client', name: 'Test client' });
  });

  it('gives a person the same sub in every application and every session', async () => {
    const first = await codeFor();
    const t1 = await oidcClient.authorizationCodeGrant(first.config, first.location, {
      pkceCodeVerifier: first.verifier,
      expectedState: first.state,
    });
    const other = await registerClient({ redirectUris: [REDIRECT], firstParty: true });
    const config2 = await relyingParty(listener, other);
    const again = await authorize(first.browser, config2, { redirect_uri: REDIRECT });
    const t2 = await oidcClient.authorizationCodeGrant(config2, again.location!, {
      pkceCodeVerifier: again.verifier,
      expectedState: again.state,
    });
    expect(t2.claims()!.sub).toBe(t1.claims()!.sub);
  });

  it('works for a public client (no secret, PKCE alone)', async () => {
    const { config, location, verifier, state } = await codeFor({ public: true });
    const tokens = await oidcClient.authorizationCodeGrant(config, location, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.access_token).toBeTruthy();
  });

  it('releases only what the scopes allow', async () => {
    const person = await active('client');
    const registered = await registerClient({ redirectUris: [REDIRECT], firstParty: true });
    const config = await relyingParty(listener, registered);
    const browser = new TestBrowser(listener);
    await signIn(browser, person.userId);
    const { location, verifier, state } = await authorize(browser, config, {
      redirect_uri: REDIRECT,
      scope: 'openid',
    });
    const tokens = await oidcClient.authorizationCodeGrant(config, location!, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const info = await oidcClient.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(Object.keys(info).sort()).toEqual(['sub']);
  });
});

describe('refresh tokens', () => {
  it('rotate at every use; reusing an old one revokes the whole grant', async () => {
    const { config, location, verifier, state } = await codeFor();
    const first = await oidcClient.authorizationCodeGrant(config, location, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const second = await oidcClient.refreshTokenGrant(config, first.refresh_token!);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.claims()!.sub).toBe(first.claims()!.sub);
    // The first one again: refused, and everything issued under the grant goes with it.
    await expect(oidcClient.refreshTokenGrant(config, first.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidcClient.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(
      oidcClient.fetchUserInfo(config, second.access_token, second.claims()!.sub),
    ).rejects.toBeTruthy();
  });

  it('one refresh token used twice at once: at most one wins, and then the grant is revoked', async () => {
    const { config, location, verifier, state } = await codeFor();
    const first = await oidcClient.authorizationCodeGrant(config, location, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => oidcClient.refreshTokenGrant(config, first.refresh_token!)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won.length).toBeLessThanOrEqual(1);
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as { error?: string }).error).toBe('invalid_grant');
    for (const r of won)
      await expect(
        oidcClient.refreshTokenGrant(
          config,
          (r as PromiseFulfilledResult<{ refresh_token?: string }>).value.refresh_token!,
        ),
      ).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});

describe('revocation', () => {
  it('revoking a refresh token ends it and its grant; revoking an access token ends it', async () => {
    const { config, location, verifier, state } = await codeFor();
    const tokens = await oidcClient.authorizationCodeGrant(config, location, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const sub = tokens.claims()!.sub;
    await oidcClient.tokenRevocation(config, tokens.access_token);
    await expect(oidcClient.fetchUserInfo(config, tokens.access_token, sub)).rejects.toBeTruthy();
    await oidcClient.tokenRevocation(config, tokens.refresh_token!);
    await expect(oidcClient.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it("an application cannot revoke another application's tokens", async () => {
    const { config, location, verifier, state } = await codeFor();
    const tokens = await oidcClient.authorizationCodeGrant(config, location, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const other = await relyingParty(listener, await registerClient({ redirectUris: [REDIRECT] }));
    await oidcClient.tokenRevocation(other, tokens.refresh_token!).catch(() => {});
    const next = await oidcClient.refreshTokenGrant(config, tokens.refresh_token!);
    expect(next.access_token).toBeTruthy();
  });
});

describe('bad input: a clear OAuth error, never a 500, nothing changed', () => {
  async function authorizeRaw(params: Record<string, string>) {
    const before = await payloadRows();
    const browser = new TestBrowser(listener);
    const response = await browser.request(`/oidc/auth?${new URLSearchParams(params)}`, {
      headers: { accept: 'text/html' },
    });
    return { response, body: await response.text(), changed: (await payloadRows()) - before };
  }

  it("an unknown client gets the error page (400), in the person's language", async () => {
    const { response, body, changed } = await authorizeRaw({
      client_id: 'no-such-client',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });
    expect(response.status).toBe(400);
    expect(body).toContain('not registered');
    expect(body).toContain('invalid_client');
    expect(changed).toBe(0);
  });

  it('a redirect URI the client did not register: error page, never a redirect there', async () => {
    const registered = await registerClient({ redirectUris: [REDIRECT] });
    for (const uri of [
      `${REDIRECT}/`,
      'https://evil.example.org/callback',
      `${REDIRECT}?x=1`,
      REDIRECT.toUpperCase(),
    ]) {
      const { response, body, changed } = await authorizeRaw({
        client_id: registered.clientId,
        response_type: 'code',
        redirect_uri: uri,
        scope: 'openid',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      });
      expect(response.status, uri).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(body).toContain('has not registered');
      expect(changed).toBe(0);
    }
  });

  it('without PKCE, or with plain PKCE: back to the application with invalid_request', async () => {
    const registered = await registerClient({ redirectUris: [REDIRECT] });
    for (const pkce of [{}, { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }] as Record<
      string,
      string
    >[]) {
      const { response, changed } = await authorizeRaw({
        client_id: registered.clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid',
        state: 's1',
        ...pkce,
      });
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location')!);
      expect(location.origin + location.pathname).toBe(REDIRECT);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('s1');
      expect(changed).toBe(0);
    }
  });

  it('the implicit flow is refused', async () => {
    const registered = await registerClient({ redirectUris: [REDIRECT] });
    const { response } = await authorizeRaw({
      client_id: registered.clientId,
      response_type: 'id_token',
      redirect_uri: REDIRECT,
      scope: 'openid',
      nonce: 'n',
    });
    expect(response.status).toBeLessThan(500);
    const location = response.headers.get('location');
    // An error goes back to the application (in the fragment, for an implicit response type) or is shown here.
    if (location) {
      const url = new URL(location);
      const error = url.searchParams.get('error') ?? new URLSearchParams(url.hash.slice(1)).get('error');
      expect(error).toMatch(/unsupported_response_type|invalid_request|unauthorized_client/);
    } else expect(response.status).toBe(400);
  });

  it('a code used twice: refused the second time, and the tokens it gave are revoked', async () => {
    const { config, location, verifier, state } = await codeFor();
    const tokens = await oidcClient.authorizationCodeGrant(config, location, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    await expect(
      oidcClient.authorizationCodeGrant(config, location, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidcClient.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('a code redeemed twice at once: exactly one wins', async () => {
    const { config, location, verifier, state } = await codeFor();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        oidcClient.authorizationCodeGrant(config, location, {
          pkceCodeVerifier: verifier,
          expectedState: state,
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won.length).toBeLessThanOrEqual(1);
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as { error?: string }).error).toBe('invalid_grant');
  });

  it('a wrong PKCE verifier, a wrong client secret: invalid_grant / invalid_client', async () => {
    const { config, location, state, registered } = await codeFor();
    await expect(
      oidcClient.authorizationCodeGrant(config, location, {
        pkceCodeVerifier: oidcClient.randomPKCECodeVerifier(),
        expectedState: state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    const wrongSecret = await relyingParty(listener, {
      clientId: registered.clientId,
      clientSecret: 'not-the-secret',
    });
    const fresh = await codeFor();
    await expect(
      oidcClient.authorizationCodeGrant(
        await relyingParty(listener, { clientId: fresh.registered.clientId, clientSecret: 'not-the-secret' }),
        fresh.location,
        { pkceCodeVerifier: fresh.verifier, expectedState: fresh.state },
      ),
    ).rejects.toMatchObject({ status: 401, cause: [{ parameters: { error: 'invalid_client' } }] });
    void wrongSecret;
  });

  it('a tampered state is caught by the application, and the code is not spent by it', async () => {
    const { config, location, verifier, state } = await codeFor();
    const tampered = new URL(location);
    tampered.searchParams.set('state', `${state}x`);
    await expect(
      oidcClient.authorizationCodeGrant(config, tampered, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      }),
    ).rejects.toMatchObject({
      code: 'OAUTH_INVALID_RESPONSE',
      cause: { message: expect.stringMatching(/state/) },
    });
    const tokens = await oidcClient.authorizationCodeGrant(config, location, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.access_token).toBeTruthy();
  });

  it('garbage at every endpoint answers 4xx', async () => {
    const targets: [string, RequestInit][] = [
      [
        '/oidc/token',
        {
          method: 'POST',
          body: 'grant_type=authorization_code&code=nope',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      ],
      [
        '/oidc/token',
        { method: 'POST', body: '%%%', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      ],
      ['/oidc/token', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } }],
      ['/oidc/me', { headers: { authorization: 'Bearer nope' } }],
      [
        '/oidc/token/revocation',
        { method: 'POST', body: 'token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      ],
      ['/oidc/session/end?id_token_hint=garbage', {}],
      ['/oidc/auth/not-an-interaction', {}],
      ['/oidc/nothing-here', {}],
      ['/interaction/%%', {}],
      ['/interaction/abcdefghijklmnop', {}],
      [
        '/interaction/abcdefghijklmnop/consent',
        {
          method: 'POST',
          body: 'decision=allow',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: env.APP_URL },
        },
      ],
      ['/interaction/abcdefghijklmnop/elsewhere', {}],
    ];
    for (const [path, init] of targets) {
      const response = await fetch(`${listener.origin}${path}`, { ...init, redirect: 'manual' });
      expect(response.status, `${init.method ?? 'GET'} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(500);
    }
  });
});

describe('state in the database', () => {
  it('keeps no secret in the clear: the client secret is stored as its hash', async () => {
    const registered = await registerClient({ redirectUris: [REDIRECT] });
    const db = await getDb();
    const rows = await db.execute(
      sql`select secret_hash from oidc_clients where client_id = ${registered.clientId}`,
    );
    const text = JSON.stringify(rows);
    expect(text).not.toContain(registered.clientSecret!);
  });

  it("stores the provider's artefacts as rows with their expiry", async () => {
    await codeFor();
    const db = await getDb();
    const models = await db
      .selectDistinct({ model: oidcPayloads.model })
      .from(oidcPayloads)
      .where(eq(oidcPayloads.model, 'Session'));
    expect(models.length).toBe(1);
    void toListener;
  });
});
