import { expect, test } from '@playwright/test';
import { formAlert, signIn, uniqueEmail } from '../support/accounts';
import { EMBEDDED_ORIGIN, EMBEDDED_PORT } from '../support/ports';

test.describe('the help center', () => {
  test('search finds "spam" on the no-email page, in English and in Dutch', async ({ page }) => {
    await page.goto('/help');
    await page.getByLabel('Search the help').fill('spam');
    await page.getByRole('button', { name: 'Search' }).first().click();
    await expect(page.getByRole('status')).toBeVisible();
    await page.getByRole('link', { name: "I didn't receive an email" }).first().click();
    await expect(page).toHaveURL(/\/help\/no-email/);
    await expect(page.getByText(/spam/i).first()).toBeVisible();
  });

  test('every failure point links to its help: the sign-in error goes to "I can\'t sign in"', async ({
    page,
  }) => {
    await signIn(page, uniqueEmail('nobody'), 'wrong-password-here-1');
    await expect(formAlert(page)).toBeVisible();
    await formAlert(page).getByRole('link', { name: 'More help with signing in' }).click();
    await expect(page).toHaveURL(/\/help\/cant-sign-in$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });

  test('a visit at another address than APP_URL shows the right address', async ({ page }) => {
    await page.goto(`http://127.0.0.1:${EMBEDDED_PORT}/login`);
    await expect(page.getByRole('note').filter({ hasText: 'This is not the usual address' })).toContainText(
      `127.0.0.1:${EMBEDDED_PORT}`,
    );
    await expect(page.getByRole('link', { name: `Go to ${EMBEDDED_ORIGIN}` })).toHaveAttribute(
      'href',
      `${EMBEDDED_ORIGIN}/login`,
    );
    await page.goto('/login');
    await expect(page.getByText('This is not the usual address')).toHaveCount(0);
  });

  test.describe('in Dutch', () => {
    test.use({ locale: 'nl-NL' });
    test('zoeken naar "spam" vindt de pagina over e-mail die niet aankomt', async ({ page }) => {
      await page.goto('/help?q=spam');
      await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
      const first = page.locator('main a[href="/help/no-email"]').first();
      await expect(first).toBeVisible();
      await first.click();
      await expect(page.getByText(/spam/i).first()).toBeVisible();
    });
  });
});
