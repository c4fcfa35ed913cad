import { expect, test } from '@playwright/test';
import { GOOD_PASSWORD, choosePassword, formAlert, signIn } from '../support/accounts';
import { linkIn, pgAccountsCli, pgEmail, waitForMail } from '../support/postgres-app';

test('forgot password end to end: request, receive, reset, old password fails, new one works, other session signed out', async ({
  page,
  browser,
}) => {
  const email = pgEmail('forgetful');
  expect(
    (await pgAccountsCli('create', '--email', email, '--name', 'Fien Forgetful', '--role', 'client')).code,
  ).toBe(0);
  const [welcome] = await waitForMail(email);
  await choosePassword(page, linkIn(welcome!));
  await expect(page).toHaveURL(/\/account$/);

  // A second browser stays signed in meanwhile.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, GOOD_PASSWORD);
  await expect(otherPage).toHaveURL(/\/account$/);

  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto('/login');
  await stranger.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(stranger.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  await stranger.getByLabel('Email address').fill(email);
  await stranger.getByRole('button', { name: 'Send me an email' }).click();
  await expect(
    stranger.getByRole('status').filter({ hasText: 'If an account exists for this address' }),
  ).toBeVisible();
  await expect(stranger.getByText(email)).toBeVisible();

  const mails = await waitForMail(email, 2);
  const resetMail = mails.find((m) => m.text.includes('/reset-password?token='))!;
  expect(resetMail.text).toContain('1 hour');
  const link = linkIn(resetMail, 'reset-password');
  const newPassword = 'otter-lighthouse-marmalade-82';
  await stranger.goto(link);
  await stranger.getByLabel('New password', { exact: true }).fill(newPassword);
  await stranger.getByLabel('Type the new password again').fill(newPassword);
  await stranger.getByRole('button', { name: 'Save new password' }).click();
  await expect(stranger).toHaveURL(/\/login\?reset=1$/);
  await expect(stranger.getByText('Your password was changed')).toBeVisible();

  await otherPage.goto('/account');
  await expect(otherPage).toHaveURL(/\/login$/);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login$/);

  await signIn(stranger, email, GOOD_PASSWORD);
  await expect(formAlert(stranger)).toContainText('The email address and/or password is incorrect.');
  await signIn(stranger, email, newPassword);
  await expect(stranger).toHaveURL(/\/account$/);

  await stranger.goto(link);
  await expect(stranger.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
  const changed = await waitForMail(email, 3);
  expect(changed.some((m) => /was changed/.test(m.subject))).toBe(true);
  await other.close();
});
