/**
 * Every flow of the product in the production shape: https through nginx (the repository's
 * deploy/nginx template) to two instances on one PostgreSQL database, TRUST_PROXY=1.
 * The fixtures check every answer the browser sees: Location headers on APP_URL, cookies a
 * browser accepts over https, HSTS, and no bind address or wrong-address notice anywhere.
 */
import { request } from '@playwright/test';
import postgres from 'postgres';
import { PROD_DATABASE_URL } from './prod-env';
import { PROD_HTTP_PORT, PROD_ORIGIN } from '../support/ports';
import {
  accessLog,
  activeAccount,
  expect,
  GOOD_PASSWORD,
  INSTANCES,
  linkIn,
  nextRequestTo,
  prodCli,
  prodEmail,
  signIn,
  test,
  waitForMail,
} from '../support/production';

test('welcome link → choose a password → signed in, then sign out', async ({ page }) => {
  await activeAccount(page, 'client', 'Wilma Welkom');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(`${PROD_ORIGIN}/login?signedOut=1`);
  await expect(page.getByText('You are signed out.')).toBeVisible();
  await page.goto('/account');
  await expect(page).toHaveURL(`${PROD_ORIGIN}/login`);
});

test('forgot password → reset link → new password → sign in', async ({ page, newWatchedContext }) => {
  const { email } = await activeAccount(page, 'client', 'Fien Vergeetachtig');
  const stranger = await (await newWatchedContext()).newPage();
  await stranger.goto('/forgot-password');
  await stranger.getByLabel('Email address').fill(email);
  await stranger.getByRole('button', { name: 'Send me an email' }).click();
  await expect(
    stranger.getByRole('status').filter({ hasText: 'If an account exists for this address' }),
  ).toBeVisible();

  const mails = await waitForMail(email, 2);
  const link = linkIn(
    mails.find((m) => m.text.includes('/reset-password?token='))!,
    'reset-password',
  );
  const newPassword = 'otter-lighthouse-marmalade-82';
  await stranger.goto(link);
  // The token left the address at once (it now lives in a __Host- cookie named for its purpose).
  await expect(stranger).toHaveURL(`${PROD_ORIGIN}/reset-password`);
  await stranger.getByLabel('New password', { exact: true }).fill(newPassword);
  await stranger.getByLabel('Type the new password again').fill(newPassword);
  await stranger.getByRole('button', { name: 'Save new password' }).click();
  await expect(stranger).toHaveURL(`${PROD_ORIGIN}/login?reset=1`);
  await expect(stranger.getByText('Your password was changed')).toBeVisible();

  // The reset ended the first browser's session, whichever instance it asks.
  await page.goto('/account');
  await expect(page).toHaveURL(`${PROD_ORIGIN}/login`);
  await signIn(stranger, email, newPassword);
  await expect(stranger).toHaveURL(`${PROD_ORIGIN}/account`);
});

test('unblock link: throttled by wrong passwords, unblocked from the email, then signed in', async ({
  page,
}) => {
  const { email } = await activeAccount(page, 'client', 'Ulla Ontgrendeld');
  await page.context().clearCookies();
  for (let i = 0; i < 6; i++) {
    await signIn(page, email, `wrong-password-${i}-xyz`);
    await expect(page.locator('.alert[role="alert"]')).toBeVisible();
  }
  await expect(page.locator('.alert[role="alert"]')).toContainText(/try again|wait/i);
  await page.getByRole('button', { name: 'Email me a link to unblock signing in' }).click();
  await expect(page.getByText('If signing in with this address is paused, we sent a link')).toBeVisible();
  const mails = await waitForMail(email, 2);
  const link = linkIn(
    mails.find((m) => m.text.includes('/unblock?token='))!,
    'unblock',
  );
  await page.goto(link);
  await expect(page).toHaveURL(`${PROD_ORIGIN}/unblock`);
  await page.getByRole('button', { name: 'Unblock signing in' }).click();
  await expect(page.getByRole('heading', { name: 'You can sign in again' })).toBeVisible();
  await signIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(`${PROD_ORIGIN}/account`);
});

test('without JavaScript: a link opened on one instance and submitted on the other, then sign out and sign in', async ({
  newWatchedContext,
}) => {
  const email = prodEmail('nojs');
  expect(
    (await prodCli('create', '--email', email, '--name', 'Nora Zonderscript', '--role', 'client')).code,
  ).toBe(0);
  const [mail] = await waitForMail(email);
  const page = await (await newWatchedContext({ javaScriptEnabled: false })).newPage();

  await page.goto(linkIn(mail!, 'welcome'));
  await expect(page).toHaveURL(`${PROD_ORIGIN}/welcome`);
  const opened = accessLog()
    .filter((s) => s.method === 'GET' && s.uri === '/welcome')
    .at(-1)!;
  expect(INSTANCES).toContain(opened.upstream);
  const other = INSTANCES.find((i) => i !== opened.upstream)!;

  await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByLabel('Type the new password again').fill(GOOD_PASSWORD);
  await nextRequestTo(other);
  await page.getByRole('button', { name: 'Save password and sign in' }).click();
  await expect(page).toHaveURL(`${PROD_ORIGIN}/account`);
  const submitted = accessLog()
    .filter((s) => s.method === 'POST' && s.uri === '/welcome')
    .at(-1)!;
  expect(submitted.upstream, 'the form was submitted on the instance that did not open the link').toBe(other);

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(`${PROD_ORIGIN}/login?signedOut=1`);
  await signIn(page, email, GOOD_PASSWORD);
  await expect(page).toHaveURL(`${PROD_ORIGIN}/account`);
});

test('deactivation on one instance ends the session on both', async ({ page, newWatchedContext }) => {
  const manager = await activeAccount(page, 'application_manager', 'Mirjam Beheer');
  const client = await activeAccount(page, 'client', 'Daan Gedeactiveerd');
  await page.context().clearCookies();

  const clientPage = await (await newWatchedContext({ javaScriptEnabled: false })).newPage();
  await signIn(clientPage, client.email, client.password);
  await expect(clientPage).toHaveURL(`${PROD_ORIGIN}/account`);
  // The session works on both instances …
  for (const instance of INSTANCES) {
    await nextRequestTo(instance);
    await clientPage.goto('/account');
    await expect(clientPage).toHaveURL(`${PROD_ORIGIN}/account`);
    expect(
      accessLog()
        .filter((s) => s.uri === '/account')
        .at(-1),
    ).toMatchObject({ upstream: instance, status: 200 });
  }

  await signIn(page, manager.email, manager.password);
  await expect(page).toHaveURL(`${PROD_ORIGIN}/admin`);
  await page.getByLabel('Search').fill(client.email);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('link', { name: 'Daan Gedeactiveerd' }).click();
  await page.getByLabel('Reason (recorded in the history)').fill('Left the programme');
  await page.getByRole('button', { name: 'Deactivate account' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The account is deactivated' })).toBeVisible();
  await page.close();

  // … and after the deactivation, on neither.
  for (const instance of INSTANCES) {
    await nextRequestTo(instance);
    await clientPage.goto('/account');
    await expect(clientPage).toHaveURL(`${PROD_ORIGIN}/login`);
    expect(
      accessLog()
        .filter((s) => s.uri === '/account')
        .at(-1)?.upstream,
    ).toBe(instance);
  }
});

test('the language switch', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page).toHaveURL(`${PROD_ORIGIN}/login`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('raw answers: plain http goes to https, next-auth redirects stay on APP_URL, HSTS', async () => {
  const api = await request.newContext({ ignoreHTTPSErrors: true });
  const plain = await api.get(`http://localhost:${PROD_HTTP_PORT}/login?x=1`, { maxRedirects: 0 });
  expect(plain.status()).toBe(301);
  expect(plain.headers().location).toBe(`${PROD_ORIGIN}/login?x=1`);

  const login = await api.get(`${PROD_ORIGIN}/login`);
  expect(login.headers()['strict-transport-security']).toMatch(/max-age=\d{7,}/);

  // The credentials callback answers with a Location on the platform's address (it said http://0.0.0.0:3100/).
  const { csrfToken } = (await (await api.get(`${PROD_ORIGIN}/api/auth/csrf`)).json()) as {
    csrfToken: string;
  };
  const callback = await api.post(`${PROD_ORIGIN}/api/auth/callback/credentials`, {
    form: {
      csrfToken,
      email: 'nobody@example.org',
      password: 'not-the-password',
      callbackUrl: `${PROD_ORIGIN}/`,
    },
    headers: { origin: PROD_ORIGIN },
    maxRedirects: 0,
  });
  expect(callback.status()).toBeGreaterThanOrEqual(300);
  expect(callback.status()).toBeLessThan(400);
  expect(new URL(callback.headers().location!, PROD_ORIGIN).origin).toBe(PROD_ORIGIN);
  const signOutPage = await api.get(`${PROD_ORIGIN}/api/auth/signout`);
  expect(await signOutPage.text()).not.toContain('0.0.0.0');
  await api.dispose();
});

test('ASVS 15.3.4: through the proxy, forged address headers do not change the client address the app records', async () => {
  const domain = `forged-${Date.now().toString(36)}.example.org`;
  const email = `someone@${domain}`;
  const api = await request.newContext({ ignoreHTTPSErrors: true });
  const { csrfToken } = (await (await api.get(`${PROD_ORIGIN}/api/auth/csrf`)).json()) as {
    csrfToken: string;
  };
  await api.post(`${PROD_ORIGIN}/api/auth/callback/credentials`, {
    form: { csrfToken, email, password: 'not-the-password', callbackUrl: `${PROD_ORIGIN}/` },
    headers: {
      origin: PROD_ORIGIN,
      'x-forwarded-for': '6.6.6.6',
      'x-gatehouse-client-ip': '7.7.7.7',
      'x-gatehouse-edge': 'a-guess',
    },
    maxRedirects: 0,
  });
  await api.dispose();
  const sql = postgres(PROD_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const [event] =
      await sql`select host(ip) as ip from audit_events where action = 'sign_in.failed' and details->>'emailDomain' = ${domain} order by id desc limit 1`;
    // nginx saw the test on loopback and appended that; nothing the client wrote counts.
    expect(event?.ip).toBe('127.0.0.1');
  } finally {
    await sql.end();
  }
});
