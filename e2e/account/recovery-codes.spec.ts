/**
 * New recovery codes (issue 29): after the password, ten new codes are shown once; the old
 * ones stop working at sign-in, the new ones work.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { createActive, GOOD_PASSWORD, signIn } from '../support/accounts';

function codeFor(secret: string): string {
  const app = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return app.generate({ timestamp: Date.now() });
}

async function codesShown(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Your recovery codes' });
  await expect(list.getByRole('listitem')).toHaveCount(10);
  return (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
}

test('new recovery codes replace the old ones: shown once, the old ones refused at sign-in', async ({
  page,
}) => {
  const { email, password } = await createActive(page);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/account/two-step');
  const secret = ((await page.getByLabel('Key for your authenticator app').textContent()) ?? '').replace(
    /\s/g,
    '',
  );
  await page.getByLabel('Your password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByLabel('Code from your app', { exact: true }).fill(codeFor(secret));
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  const oldCodes = await codesShown(page);

  await page.goto('/account/two-step');
  await expect(page.getByText('You have 10 recovery codes left.')).toBeVisible();
  const renew = page.getByRole('region', { name: 'New recovery codes' });
  await renew.getByLabel('Your password', { exact: true }).fill('not-my-password-at-all');
  await renew.getByRole('button', { name: 'Make new recovery codes' }).click();
  await expect(page.getByText('That password is not right.')).toBeVisible();
  await renew.getByLabel('Your password', { exact: true }).fill(GOOD_PASSWORD);
  await renew.getByRole('button', { name: 'Make new recovery codes' }).click();
  const newCodes = await codesShown(page);
  expect(newCodes.some((c) => oldCodes.includes(c))).toBe(false);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Shown once: the page again shows the count, not the codes.
  await page.goto('/account/two-step');
  await expect(page.getByRole('list', { name: 'Your recovery codes' })).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/login\/code$/);
  await page.getByLabel('Code from your app, or a recovery code').fill(oldCodes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('main').getByRole('alert')).toContainText('That code is not right');
  await page.getByLabel('Code from your app, or a recovery code').fill(newCodes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('main').getByRole('status')).toContainText('You have 9 recovery codes left.');
});

test('two-step off by the person (issue 29): after the password; then the password alone signs in', async ({
  page,
}) => {
  const { email, password } = await createActive(page);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/account/two-step');
  const secret = ((await page.getByLabel('Key for your authenticator app').textContent()) ?? '').replace(
    /\s/g,
    '',
  );
  await page.getByLabel('Your password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByLabel('Code from your app', { exact: true }).fill(codeFor(secret));
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await codesShown(page);

  await page.goto('/account/two-step');
  const off = page.getByRole('region', { name: 'Switch two-step verification off' });
  await off.getByLabel('Your password, to switch it off').fill('not-my-password-at-all');
  await off.getByRole('button', { name: 'Switch two-step verification off' }).click();
  await expect(off.getByText('That password is not right.')).toBeVisible();
  await expect(page.getByText('Two-step verification is on for your account.')).toBeVisible();
  await off.getByLabel('Your password, to switch it off').fill(GOOD_PASSWORD);
  await off.getByRole('button', { name: 'Switch two-step verification off' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Two-step verification is off' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Turn on two-step verification' })).toBeVisible();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  await page.context().clearCookies();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
});
