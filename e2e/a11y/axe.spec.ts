import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createActive, createInvited, signIn } from '../support/accounts';

async function expectNoViolations(page: Page, label: string) {
  // After a client-side navigation Next.js sets the new <title> a moment later (streamed metadata).
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `${label}: axe violations`).toEqual([]);
}

const PUBLIC_PAGES = [
  '/login',
  '/forgot-password',
  '/welcome',
  '/help',
  '/help/cant-sign-in',
  '/help/forgot-password',
  '/help/no-email',
  '/help/choosing-a-password',
  '/help/deactivated',
  '/help/client-sign-in',
  '/help/right-platform',
  '/help/lost-phone',
  '/help/passwords',
  '/help?q=spam',
];

for (const locale of ['en-GB', 'nl-NL'] as const) {
  test.describe(`accessibility (${locale})`, () => {
    test.use({ locale });

    test('every public page has zero axe violations, and lang matches', async ({ page }) => {
      test.slow(); // fifteen pages and states, each a full axe run: about 40 s on an idle machine
      for (const path of PUBLIC_PAGES) {
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('lang', locale.slice(0, 2));
        await expectNoViolations(page, path);
      }
      // States that only appear after a submit.
      await page.goto('/login');
      await page.locator('#email').fill('nobody@example.org');
      await page.locator('#password').fill('not-the-password-1');
      await page.locator('main form button[type=submit]').first().click();
      await expect(page.locator('.alert[role="alert"]')).toBeFocused();
      await expectNoViolations(page, '/login after a failed sign-in');
      await page.goto('/forgot-password');
      await page.locator('#email').fill('nobody@example.org');
      await page.locator('main form button[type=submit]').first().click();
      await expect(page.locator('.alert[role="status"]')).toBeVisible();
      await expectNoViolations(page, '/forgot-password answer');
    });

    test('the password, account and console pages have zero axe violations', async ({ page }) => {
      test.slow(); // ten pages, each a full axe run: near the 60 s limit on a busy machine
      const { link } = await createInvited({ role: 'application_manager', name: 'Axel Axe' });
      await page.goto(link);
      await page.locator('#password').focus();
      await page.locator('#password').fill('Password123!');
      await expect(page.getByRole('meter')).toHaveAttribute('aria-valuenow', '0');
      await expectNoViolations(page, '/welcome form with meter');
      // Language-neutral: by id, not by (translated) label.
      await page.locator('#password').fill('lantern-orchard-quietly-47');
      await page.locator('#confirm').fill('lantern-orchard-quietly-47');
      await page.locator('main form button[type=submit]').first().click();
      await expect(page).toHaveURL(/\/admin$/);
      const target = await createInvited({ name: 'Ada Axe' });
      for (const path of [
        '/admin',
        '/admin?q=axe',
        '/admin/accounts/new',
        '/admin/audit',
        '/dev/mailbox',
        '/account',
        '/account/password',
      ]) {
        await page.goto(path);
        await expectNoViolations(page, path);
      }
      await page.goto(`/admin?q=${encodeURIComponent(target.email)}`);
      await page.locator('tbody a').first().click();
      await expect(page.locator('h1')).toHaveText('Ada Axe');
      await expectNoViolations(page, 'account page');
    });
  });
}

test('a signed-in client\u2019s pages have zero axe violations', async ({ page }) => {
  const { email, password } = await createActive(page);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  await expectNoViolations(page, '/account (client)');
});
