/**
 * The database goes away while people are signing in (a restart, a failover), simulated for
 * this test's database alone: its connections are ended and new ones refused. Requests that
 * need it get a plain 503 "temporarily unavailable" page, never a 500 or a stack trace; when
 * it comes back, both instances serve again by themselves within seconds, without a restart.
 */
import { request } from '@playwright/test';
import postgres from 'postgres';
import { PROD_ORIGIN } from '../support/ports';
import { PROD_DATABASE_URL } from './prod-env';
import { activeAccount, expect, INSTANCES, nextRequestTo, signIn, test } from '../support/production';

test('database away: 503 "temporarily unavailable", then recovery without a restart', async ({
  page,
  newWatchedContext,
}) => {
  test.setTimeout(120_000);
  const person = await activeAccount(page, 'client', 'Olga Onderbreking');
  const noJs = await (await newWatchedContext({ javaScriptEnabled: false })).newPage();
  // Someone already signed in, in another browser.
  const signedIn = await (await newWatchedContext()).newPage();
  await signIn(signedIn, person.email, person.password);
  await expect(signedIn).toHaveURL(`${PROD_ORIGIN}/account`);
  const api = await request.newContext({ ignoreHTTPSErrors: true });
  const name = new URL(PROD_DATABASE_URL).pathname.slice(1);
  const admin = postgres(Object.assign(new URL(PROD_DATABASE_URL), { pathname: '/postgres' }).toString(), {
    max: 1,
    onnotice: () => {},
  });
  try {
    await admin.unsafe(`alter database ${name} with allow_connections false`);
    await admin.unsafe(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
    );

    for (const instance of INSTANCES) {
      await nextRequestTo(instance);
      const ready = await api.get(`${PROD_ORIGIN}/readyz`);
      expect(ready.status(), `readyz on ${instance}`).toBe(503);
    }
    // A sign-in needs the database: a plain form post (no JavaScript) shows the page itself.
    for (const instance of INSTANCES) {
      await noJs.goto('/login');
      await noJs.getByLabel('Email address', { exact: true }).fill(person.email);
      await noJs.getByLabel('Password', { exact: true }).fill(person.password);
      await nextRequestTo(instance);
      const answer = noJs.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login/password',
      );
      await noJs.getByRole('button', { name: 'Sign in' }).click();
      const response = await answer;
      expect(response.status(), `sign-in on ${instance}`).toBe(503);
      expect(response.headers()['retry-after']).toBe('30');
      await expect(noJs.getByRole('heading', { name: 'Temporarily unavailable' })).toBeVisible();
      await expect(noJs.locator('body')).not.toContainText(/ECONN|postgres|at .*\.js/i);
    }
    // Someone signed in is not shown the sign-in page as if signed out: their session cannot
    // be checked, so the answer is the same 503.
    for (const instance of INSTANCES) {
      await nextRequestTo(instance);
      const response = await signedIn.goto('/account');
      expect(response?.status(), `signed-in page on ${instance}`).toBe(503);
      await expect(signedIn.getByRole('heading', { name: 'Temporarily unavailable' })).toBeVisible();
    }
  } finally {
    await admin.unsafe(`alter database ${name} with allow_connections true`);
    await admin.end();
  }

  // Back by itself: within seconds both instances answer ready and people sign in again.
  const back = Date.now();
  for (const instance of INSTANCES) {
    await expect
      .poll(
        async () => {
          await nextRequestTo(instance);
          return (await api.get(`${PROD_ORIGIN}/readyz`)).status();
        },
        { timeout: 15_000, message: `readyz on ${instance}` },
      )
      .toBe(200);
  }
  expect(Date.now() - back).toBeLessThan(15_000);
  await signIn(noJs, person.email, person.password);
  await expect(noJs).toHaveURL(`${PROD_ORIGIN}/account`);
  // … and the session that was open before the outage simply goes on.
  await signedIn.goto('/account');
  await expect(signedIn).toHaveURL(`${PROD_ORIGIN}/account`);
  await expect(signedIn.getByText(person.email)).toBeVisible();
  await api.dispose();
});
