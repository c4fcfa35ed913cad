import { expect, test } from '@playwright/test';
import { accountsCli, createActive, uniqueEmail } from '../support/accounts';
import { EMBEDDED_ORIGIN } from '../support/ports';

test.describe('Gatehouse in Dutch', () => {
  test.use({ locale: 'nl-NL' });

  test('a Dutch browser gets Dutch pages with lang="nl", and the switch keeps English in a cookie', async ({
    page,
  }) => {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.getByRole('heading', { name: 'Inloggen' })).toBeVisible();
    await page.getByLabel('E-mailadres', { exact: true }).fill(uniqueEmail('niemand'));
    await page.getByLabel('Wachtwoord', { exact: true }).fill('zeker-niet-goed-123');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect(page.locator('.alert[role="alert"]')).toContainText(
      'Het e-mailadres en/of het wachtwoord klopt niet.',
    );

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.goto('/forgot-password');
    await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Forgot your password?');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  });

  test('the welcome flow in Dutch, with the Dutch email', async ({ page, browser }) => {
    const email = uniqueEmail('nederlands');
    const created = await accountsCli(
      'create',
      '--email',
      email,
      '--name',
      'Noor Nederlands',
      '--role',
      'client',
      '--locale',
      'nl',
    );
    expect(created.code, created.stderr).toBe(0);
    const link = new RegExp(`${EMBEDDED_ORIGIN}/welcome\\?token=\\S+`).exec(created.stdout)![0];

    // The email, read in the dev mailbox by an application manager (in English, their own choice).
    const staff = await browser.newContext({ locale: 'en-GB' });
    const staffPage = await staff.newPage();
    const manager = await createActive(staffPage, { role: 'application_manager' });
    await staffPage.goto('/login');
    await staffPage.getByLabel('Email address', { exact: true }).fill(manager.email);
    await staffPage.getByLabel('Password', { exact: true }).fill(manager.password);
    await staffPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(staffPage).toHaveURL(/\/admin$/);
    await staffPage.goto('/dev/mailbox');
    const row = staffPage.getByRole('row').filter({ hasText: email });
    await expect(row).toContainText('staat klaar');
    await row.getByRole('link').click();
    await expect(staffPage.locator('pre')).toContainText('7 dagen');
    await staff.close();

    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Kies uw wachtwoord' })).toBeVisible();
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('lantaarn-boomgaard-zachtjes-47');
    await page.getByLabel('Typ het nieuwe wachtwoord nog een keer').fill('lantaarn-boomgaard-zachtjes-47');
    await page.getByRole('button', { name: 'Wachtwoord opslaan en inloggen' }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { name: 'Uw account' })).toBeVisible();
  });

  test('forgot password and signing in, in Dutch', async ({ page, browser }) => {
    const setup = await browser.newContext({ locale: 'en-GB' });
    const { email, password } = await createActive(await setup.newPage());
    await setup.close();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Wachtwoord vergeten?' })).toBeVisible();
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByRole('button', { name: 'Stuur mij een e-mail' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Kijk in uw e-mail' })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();

    await page.goto('/login');
    await page.getByLabel('E-mailadres', { exact: true }).fill(email);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { name: 'Uw account' })).toBeVisible();
  });
});
