/**
 * "Where you are signed in" (issue 29): two browsers of one person; one sees both, signs the
 * other out, and the other is sent to sign in at its next request. A page left open (a stale
 * form) changes nothing and says so.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { createActive, formAlert, signIn } from '../support/accounts';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

test('one browser lists both, signs the other out (and later everywhere else); the other lands on /login', async ({
  page,
  browser,
}) => {
  const { email, password } = await createActive(page);
  const phone = await browser.newContext({ userAgent: FIREFOX });
  const phonePage = await phone.newPage();
  await signIn(phonePage, email, password);
  await expect(phonePage).toHaveURL(/\/account$/);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);

  const list = page.getByRole('table', {
    name: 'Browsers signed in to your account, most recently used first',
  });
  const phoneRow = list.getByRole('row').filter({ hasText: 'Firefox 133 on Linux' });
  await expect(phoneRow).toHaveCount(1);
  await expect(list.getByRole('row').filter({ hasText: 'This browser' })).toHaveCount(1);

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // A second tab keeps the list as it is now: after the first tab ends the session, it is stale.
  const staleTab = await page.context().newPage();
  await staleTab.goto('/account');
  await phoneRow.getByRole('button', { name: /^Sign out Firefox 133 on Linux, signed in / }).click();
  await expect(page.getByRole('status').filter({ hasText: 'That browser is signed out' })).toBeVisible();
  await expect(phoneRow).toHaveCount(0);

  await phonePage.goto('/account');
  await expect(phonePage).toHaveURL(/\/login$/);

  await staleTab
    .getByRole('row')
    .filter({ hasText: 'Firefox 133 on Linux' })
    .getByRole('button', { name: /^Sign out Firefox/ })
    .click();
  await expect(staleTab.getByRole('status').filter({ hasText: 'Nothing was changed' })).toBeVisible();
  await staleTab.close();

  // Signed in again on the phone; this time everywhere else at once. This browser stays.
  await signIn(phonePage, email, password);
  await expect(phonePage).toHaveURL(/\/account$/);
  await page.reload();
  await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /other browsers? (is|are) signed out/ }),
  ).toBeVisible();
  await phonePage.goto('/account');
  await expect(phonePage).toHaveURL(/\/login$/);
  await page.reload();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('button', { name: 'Sign out everywhere else' })).toHaveCount(0);
  await phone.close();
});

test('since your last visit counts the failed attempts in between; who can change the address is said plainly', async ({
  page,
}) => {
  const { email, password } = await createActive(page);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(
    page.getByText('Nobody tried to sign in to your account with a wrong password since then.'),
  ).toBeVisible();
  await expect(page.getByText('Only the helpdesk can change your email address.')).toBeVisible();
  await page.context().clearCookies();

  for (const wrong of ['not-my-password-1', 'not-my-password-2', 'not-my-password-3']) {
    await signIn(page, email, wrong);
    await expect(formAlert(page)).toBeVisible();
  }
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  const since = page.getByRole('region', { name: 'Since your last visit' });
  await expect(since).toContainText('You last signed in on');
  await expect(since).toContainText('There were 3 failed attempts to sign in to your account since then.');
  await since.getByRole('link', { name: 'choose a new password' }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.goBack();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('staff see "since your last visit" on the console they land on after signing in', async ({ page }) => {
  const { email, password } = await createActive(page, { role: 'helpdesk' });
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.context().clearCookies();
  for (const wrong of ['not-my-password-1', 'not-my-password-2', 'not-my-password-3', 'not-my-password-4']) {
    await signIn(page, email, wrong);
    await expect(formAlert(page)).toBeVisible();
  }
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/admin$/);
  const since = page.getByRole('region', { name: 'Since your last visit' });
  await expect(since).toContainText('There were 4 failed attempts to sign in to your account since then.');
  await expect(since.getByRole('link', { name: 'choose a new password' })).toBeVisible();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  // A search shows its results at once, without the note.
  await page.goto(`/admin?q=${encodeURIComponent(email)}`);
  await expect(page.getByRole('region', { name: 'Since your last visit' })).toHaveCount(0);
});
