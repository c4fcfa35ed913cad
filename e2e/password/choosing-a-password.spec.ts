import { expect, test, type Page } from '@playwright/test';
import { createActive, createInvited, GOOD_PASSWORD, signIn } from '../support/accounts';

const meter = (page: Page) => page.getByRole('meter', { name: 'Password strength' });

async function typePassword(page: Page, password: string) {
  const field = page.getByLabel('New password', { exact: true });
  await field.fill(password);
}

test.describe('choosing a password', () => {
  test('the meter rates as the person types, explains itself, and rates the seed phrases as the help page does', async ({
    page,
  }) => {
    const { link } = await createInvited({ name: 'Mees Meter' });
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).focus();

    await typePassword(page, 'Password123!');
    await expect(meter(page)).toHaveAttribute('aria-valuetext', 'Too weak');
    await expect(page.getByText('Many people use this password.')).toBeVisible();
    await expect(page.getByText(/Time to guess it with a powerful computer/)).toBeVisible();

    await typePassword(page, 'IDrink3CoffeePerDay!');
    await expect(meter(page)).toHaveAttribute('aria-valuetext', 'Strong');
    const short = Number(await meter(page).getAttribute('aria-valuenow'));

    await typePassword(page, 'IDrink3CoffeePerDay!ButIAlsoDrink2Tea!');
    await expect(meter(page)).toHaveAttribute('aria-valuetext', 'Very strong');
    const long = Number(await meter(page).getAttribute('aria-valuenow'));
    expect(long).toBeGreaterThan(short);

    await expect(page.getByRole('link', { name: 'Tips for choosing a good password' })).toHaveAttribute(
      'href',
      '/help/passwords',
    );
  });

  test('the generator suggests a passphrase and a random password that the person can use', async ({
    page,
  }) => {
    const { link } = await createInvited();
    await page.goto(link);
    await page.getByRole('button', { name: 'Suggest a random password' }).click();
    const suggestion = page.getByLabel('Suggested password');
    await expect(suggestion).toHaveValue(/^.{20}$/);
    await page.getByRole('button', { name: 'Suggest a passphrase' }).click();
    await expect(suggestion).toHaveValue(/^[a-z]+\d?([-._+=~][a-z]+\d?){4}$/);
    await expect(page.getByText('Store it in a password manager')).toBeVisible();
    const phrase = await suggestion.inputValue();
    await page.getByRole('button', { name: 'Use this password' }).click();
    await expect(page.getByLabel('New password', { exact: true })).toHaveValue(phrase);
    await expect(page.getByLabel('Type the new password again')).toHaveValue(phrase);
    await expect(meter(page)).toHaveAttribute('aria-valuetext', /Strong|Very strong/);
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(page).toHaveURL(/\/account$/);
  });

  test.describe('with the browser-side check bypassed', () => {
    test.use({ javaScriptEnabled: false });

    test('the server refuses a weak password with the reason, and accepts a strong one', async ({ page }) => {
      const { link } = await createInvited();
      await page.goto(link);
      await page.getByLabel('New password', { exact: true }).fill('Password123!');
      await page.getByLabel('Type the new password again').fill('Password123!');
      await page.getByRole('button', { name: 'Save password and sign in' }).click();
      await expect(page.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(
        /on lists of passwords that many people use/,
      );
      await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
      await page.getByLabel('Type the new password again').fill(GOOD_PASSWORD);
      await page.getByRole('button', { name: 'Save password and sign in' }).click();
      await expect(page).toHaveURL(/\/account$/);
    });
  });

  test('the tips page is public and tells people to change a password at once if it may be known', async ({
    page,
  }) => {
    await page.goto('/help/passwords');
    await expect(page.getByRole('heading', { name: 'Choosing a good password' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Try a passphrase' })).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'Change it at once if someone may know it' }),
    ).toBeVisible();
    await expect(page.getByText('You do not need to change a good password on a schedule.')).toBeVisible();
  });
});

test('changing the password keeps this session and signs out a second browser', async ({ page, browser }) => {
  const { email, password } = await createActive(page);
  await signIn(page, email, password);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, password);
  await expect(otherPage).toHaveURL(/\/account$/);

  await page.getByRole('link', { name: 'Change your password' }).click();
  await page.getByLabel('Current password').fill('wrong-current-password');
  await page.getByLabel('New password', { exact: true }).fill('meadow-copper-violin-glacier-3');
  await page.getByLabel('Type the new password again').fill('meadow-copper-violin-glacier-3');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByLabel('Current password')).toHaveAccessibleDescription(
    'Your current password is not correct.',
  );

  await page.getByLabel('Current password').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password was changed' })).toBeVisible();

  await page.goto('/account');
  await expect(page).toHaveURL(/\/account$/);
  await otherPage.goto('/account');
  await expect(otherPage).toHaveURL(/\/login$/);
  await other.close();
});
