/**
 * The OpenID Connect provider in the production shape (issue 27): https through nginx to two
 * instances. The issuer and every URL in discovery are on the public https address, both
 * instances publish the same keys, and a sign-in whose steps land on alternating instances
 * works end to end (interactions, sessions and codes live in PostgreSQL, keys are shared).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import type { CustomFetch } from 'openid-client';
import { startRelyingParty } from '../../examples/relying-party/relying-party';
import { OIDC_PROD_RP_PORT, PROD_ORIGIN, RUN_SUFFIX } from '../support/ports';
import { PROD_APP_ENV } from './prod-env';
import { accessLog, activeAccount, expect, INSTANCES, nextRequestTo, test } from '../support/production';

const RP = `http://127.0.0.1:${OIDC_PROD_RP_PORT}`;
const run = promisify(execFile);

/** openid-client's requests through Playwright's, which accept the test certificate. */
function fetchVia(api: APIRequestContext): CustomFetch {
  return async (url, init) => {
    const answer = await api.fetch(url, {
      method: init.method,
      headers: Object.fromEntries(new Headers(init.headers as HeadersInit)),
      data: init.body == null ? undefined : String(init.body),
      maxRedirects: 0,
    });
    const status = answer.status();
    return new Response([204, 304].includes(status) ? null : new Uint8Array(await answer.body()), {
      status,
      headers: answer.headers(),
    });
  };
}

test('issuer and discovery on https, the same keys on both instances, a sign-in across instances', async ({
  page,
  newWatchedContext,
}) => {
  const api = await playwrightRequest.newContext({ ignoreHTTPSErrors: true });
  const discovery = (await (
    await api.get(`${PROD_ORIGIN}/oidc/.well-known/openid-configuration`)
  ).json()) as Record<string, unknown>;
  expect(discovery.issuer).toBe(`${PROD_ORIGIN}/oidc`);
  const urls = Object.entries(discovery).filter(([, v]) => typeof v === 'string' && /^\w+:\/\//.test(v));
  expect(urls.length).toBeGreaterThanOrEqual(6);
  for (const [name, value] of urls) expect(value, name).toMatch(new RegExp(`^${PROD_ORIGIN}/oidc(/|$)`));

  const jwks: unknown[] = [];
  for (const instance of INSTANCES) {
    await nextRequestTo(instance);
    jwks.push(await (await api.get(`${PROD_ORIGIN}/oidc/jwks`)).json());
  }
  expect(jwks[0]).toEqual(jwks[1]);

  const registered = await run(
    'npx',
    [
      'tsx',
      '--import',
      './scripts/allow-server-only.mjs',
      'scripts/clients.ts',
      'add',
      '--name',
      `Production app ${Date.now()}`,
      '--redirect-uri',
      `${RP}/callback`,
      '--post-logout-redirect-uri',
      `${RP}/`,
      '--first-party',
      '--json',
    ],
    { env: { ...process.env, ...PROD_APP_ENV, DATA_DIR: `.data/e2e-prod${RUN_SUFFIX}/cli` } },
  );
  const client = JSON.parse(registered.stdout) as { client_id: string; client_secret: string };
  const app = await startRelyingParty({
    issuer: `${PROD_ORIGIN}/oidc`,
    clientId: client.client_id,
    clientSecret: client.client_secret,
    baseUrl: RP,
    port: OIDC_PROD_RP_PORT,
    fetch: fetchVia(api),
  });
  try {
    const { email, password } = await activeAccount(page, 'client', 'Otto Oidc');
    const person = await (await newWatchedContext()).newPage();
    const logStart = accessLog().length;
    await nextRequestTo(INSTANCES[0]!);
    await person.goto(`${RP}/login`);
    await expect(person).toHaveURL(new RegExp(`^${PROD_ORIGIN}/login`));
    await person.getByLabel('Email address', { exact: true }).fill(email);
    await person.getByLabel('Password', { exact: true }).fill(password);
    await person.getByRole('button', { name: 'Sign in' }).click();
    await expect(person.getByRole('status')).toHaveText(`Signed in as Otto Oidc (${email})`);

    // The provider's steps (authorize, interaction, resume, token) were answered by both instances.
    const steps = accessLog()
      .slice(logStart)
      .filter((s) => /^\/(oidc\/(auth|token)|interaction\/)/.test(s.uri));
    expect(steps.map((s) => s.uri.split('?')[0]!.replace(/\/[A-Za-z0-9_-]{10,}$/, '/…'))).toEqual(
      expect.arrayContaining(['/oidc/auth', '/interaction/…', '/oidc/auth/…', '/oidc/token']),
    );
    expect(new Set(steps.map((s) => s.upstream))).toEqual(new Set(INSTANCES));
  } finally {
    await app.close();
    await api.dispose();
  }
});
