import { expect, test } from '@playwright/test';
import { createActive, uniqueEmail } from '../support/accounts';
import { EMBEDDED_ORIGIN } from '../support/ports';

test.describe('forgot password answers the same whatever is typed', () => {
  test('known, unknown, malformed and 10,000-character input all get the identical answer page', async ({
    page,
  }) => {
    const { email } = await createActive(page);
    const answers: string[] = [];
    for (const typed of [email, uniqueEmail('nobody'), 'not-an-email', 'x'.repeat(10_000)]) {
      await page.goto('/forgot-password');
      await page.getByLabel('Email address').fill(typed);
      await page.getByRole('button', { name: 'Send me an email' }).click();
      const status = page.getByRole('status').filter({ hasText: 'Check your email' });
      await expect(status).toBeVisible();
      answers.push(await status.innerText());
      await expect(page.getByText('Look in your spam or junk folder.')).toBeVisible();
      await expect(page.getByText(`Gatehouse e2e at ${EMBEDDED_ORIGIN}`, { exact: false })).toBeVisible();
    }
    expect(new Set(answers).size).toBe(1);
  });

  test('an empty field asks for the address', async ({ page }) => {
    await page.goto('/forgot-password');
    await page.getByRole('button', { name: 'Send me an email' }).click();
    await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(
      'Enter the email address of your account.',
    );
  });

  test('bad reset tokens say the link does not work, never a 500', async ({ page }) => {
    for (const url of [
      '/reset-password',
      '/reset-password?token=%%%',
      '/reset-password?token=' + 'A'.repeat(43),
      '/reset-password?token=' + 'z'.repeat(10_000),
    ]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBeLessThan(500);
      await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
    }
  });
});
