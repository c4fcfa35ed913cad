import { expect, test } from '@playwright/test';
import { createInvited, choosePassword, signIn, GOOD_PASSWORD } from '../support/accounts';

test.describe('the set-password link', () => {
  test('opening it uses nothing; choosing a password signs in; the link then says it was used', async ({
    page,
    browser,
  }) => {
    const { email, link } = await createInvited({ name: 'Wendy Welcome' });
    // A mail scanner opening the link first must not use it up.
    const scanner = await browser.newContext();
    await (await scanner.newPage()).goto(link);
    await scanner.close();

    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    await expect(page.getByLabel('New password', { exact: true })).toHaveAttribute(
      'autocomplete',
      'new-password',
    );

    await choosePassword(page, link);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText('Wendy Welcome')).toBeVisible();

    await page.context().clearCookies();
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
    await signIn(page, email, GOOD_PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
  });

  test('a too short password, a mismatch and the email as password are refused with the reason', async ({
    page,
  }) => {
    const { email, link } = await createInvited();
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Type the new password again').fill('short');
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(page.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(
      /Use at least 12 characters/,
    );

    await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('Type the new password again').fill(`${GOOD_PASSWORD}x`);
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(page.getByLabel('Type the new password again')).toHaveAccessibleDescription(/not the same/);

    await page.getByLabel('New password', { exact: true }).fill(email);
    await page.getByLabel('Type the new password again').fill(email);
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(page.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(
      /email address/,
    );

    // None of that used the link up.
    await choosePassword(page, link);
    await expect(page).toHaveURL(/\/account$/);
  });

  test('unknown, malformed and missing tokens say the link does not work', async ({ page }) => {
    for (const url of [
      '/welcome?token=' + 'A'.repeat(43),
      '/welcome?token=not-a-token!',
      '/welcome',
      '/welcome?token=' + 'x'.repeat(5000),
    ]) {
      const response = await page.goto(url);
      expect(response?.status()).toBeLessThan(500);
      await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
    }
  });
});
