/**
 * At a person's request (a lost phone) the helpdesk removes one of their passkeys in the
 * console, not all: the other keeps signing them in, the removal is in the account's
 * history, and the person is emailed about that one passkey (issue 28).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createActive, formAlert, signIn } from '../support/accounts';
import { expectAxeClean } from '../support/axe';
import { addVirtualAuthenticator, withoutPasskeyAutofill } from '../support/virtual-authenticator';

/** A browser context of its own with a virtual authenticator, signed in with the password, on /account. */
async function device(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  // Only buttons ask for a passkey here (the virtual authenticator would answer autofill at once).
  await context.addInitScript(withoutPasskeyAutofill);
  const page = await context.newPage();
  const authenticator = await addVirtualAuthenticator(page);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  return { page, authenticator };
}

/** Adds the person's `count`th passkey on this device and names it. */
async function addPasskeyNamed(page: Page, name: string, count: number) {
  const passkeys = page.getByRole('region', { name: 'Passkeys' });
  const added = passkeys.getByRole('status').filter({ hasText: /Passkey “.+” added/ });
  // A click before the page is interactive (a busy machine) does nothing: pressed again then.
  await expect(async () => {
    if (!(await added.isVisible())) await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(added).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  // Oldest first: the new one is the last row once the list shows it.
  await expect(passkeys.getByRole('rowheader')).toHaveCount(count);
  const row = passkeys.getByRole('row').last();
  await row.getByText(/^Rename “/).click();
  await row.getByLabel('New name').fill(name);
  await row.getByRole('button', { name: 'Save name' }).click();
  await expect(passkeys.getByRole('rowheader', { name })).toBeVisible();
}

test('the helpdesk removes one passkey at the person’s request: the other still signs in, the person is emailed', async ({
  page,
  browser,
}) => {
  const person = await createActive(page, { name: 'Petra Twee Sleutels' });
  const laptop = await device(browser, person.email, person.password);
  await addPasskeyNamed(laptop.page, 'Work laptop', 1);
  const phone = await device(browser, person.email, person.password);
  await addPasskeyNamed(phone.page, 'Lost phone', 2);

  // An application manager (who also reads the dev mailbox) acts as the helpdesk.
  const staff = await createActive(page, { role: 'application_manager', name: 'Hanna Helpdesk' });
  await signIn(page, staff.email, staff.password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByLabel('Search').fill(person.email);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('link', { name: 'Petra Twee Sleutels' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Petra Twee Sleutels' })).toBeVisible();
  const list = page.getByRole('table', { name: 'Passkeys of Petra Twee Sleutels' });
  await expect(list.getByRole('rowheader')).toHaveText(['Work laptop', 'Lost phone']);
  await expectAxeClean(page, 'the console’s list of a person’s passkeys');

  // Cancelled in the dialog first: nothing removed.
  await list.getByRole('button', { name: 'Remove “Lost phone”' }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Remove the passkey “Lost phone” of Petra Twee Sleutels?',
  });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(list.getByRole('rowheader')).toHaveCount(2);
  await list.getByRole('button', { name: 'Remove “Lost phone”' }).click();
  await dialog.getByRole('button', { name: 'Remove this passkey' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The passkey is removed.' })).toBeVisible();
  await expect(list.getByRole('rowheader')).toHaveText(['Work laptop']);
  await expect(page.getByRole('cell', { name: 'Passkey removed: “Lost phone”' })).toBeVisible();

  // The person was signed out everywhere; the lost phone's passkey no longer signs in, the laptop's does.
  await phone.page.goto('/login');
  await phone.page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(formAlert(phone.page)).toContainText('That passkey is not known here');
  await laptop.page.goto('/account');
  await expect(laptop.page).toHaveURL(/\/login/);
  await laptop.page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(laptop.page).toHaveURL(/\/account$/);

  // The email names the one passkey, and says the helpdesk removed it.
  await page.goto('/dev/mailbox');
  const mail = page
    .getByRole('row')
    .filter({ hasText: person.email })
    .filter({ hasText: 'A passkey was removed from your account' });
  await expect(mail).toHaveCount(1);
  await mail.getByRole('link').click();
  await expect(page.locator('pre')).toContainText('the helpdesk removed the passkey');
  await expect(page.locator('pre')).toContainText('Lost phone');
  await expect(page.locator('pre')).not.toContainText('Work laptop');
  await laptop.page.context().close();
  await phone.page.context().close();
});
