/**
 * The standard addresses (issue 29): /.well-known/change-password sends password managers
 * to the change-password page; /.well-known/security.txt does not exist when it is not
 * configured (this instance), and the production spec reads a configured one through nginx.
 */
import { expect, test } from '@playwright/test';
import { createActive, signIn } from '../support/accounts';
import { EMBEDDED_ORIGIN } from '../support/ports';

test('/.well-known/change-password leads to the change-password page, signed in or after signing in', async ({
  page,
  request,
}) => {
  const answer = await request.get('/.well-known/change-password', { maxRedirects: 0 });
  expect(answer.status()).toBe(302);
  expect(answer.headers()['location']).toBe(`${EMBEDDED_ORIGIN}/account/password`);
  // Password managers trust the address only when a made-up one is not "200 OK" (the spec's check).
  const madeUp = await request.get(
    '/.well-known/resource-that-should-not-exist-whose-status-code-should-not-be-200',
  );
  expect(madeUp.status()).toBe(404);

  // Not signed in: the change-password page asks to sign in first.
  await page.goto('/.well-known/change-password');
  await expect(page).toHaveURL(/\/login/);
  const { email, password } = await createActive(page);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/.well-known/change-password');
  await expect(page).toHaveURL(`${EMBEDDED_ORIGIN}/account/password`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('/.well-known/security.txt is absent when not configured; neither address takes a POST', async ({
  request,
}) => {
  const absent = await request.get('/.well-known/security.txt');
  expect(absent.status()).toBe(404);
  expect(await absent.text()).not.toContain('Contact:');
  for (const path of ['/.well-known/security.txt', '/.well-known/change-password'])
    expect(
      (await request.post(path, { form: { x: '1' }, headers: { origin: EMBEDDED_ORIGIN } })).status(),
    ).toBe(405);
});
