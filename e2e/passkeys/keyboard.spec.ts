/**
 * Adding, removing and using a passkey by keyboard alone (issue 28): every control is
 * reached with Tab from the top of the page and used with Enter or Space, as a person who
 * does not use a mouse would; nothing is clicked.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createActive, signIn } from '../support/accounts';
import { addVirtualAuthenticator, withoutPasskeyAutofill } from '../support/virtual-authenticator';

/** Presses Tab until `target` has focus (at most `limit` times), as a keyboard user moves through the page. */
async function tabTo(page: Page, target: Locator, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

test('a passkey is added, removed, added again and used to sign in, by keyboard alone', async ({ page }) => {
  const { email, password } = await createActive(page);
  await page.context().addInitScript(withoutPasskeyAutofill);
  const authenticator = await addVirtualAuthenticator(page);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  const passkeys = page.getByRole('region', { name: 'Passkeys' });

  // Add: Tab to the button, Enter; the device answers (the virtual authenticator at once).
  await page.locator('body').focus();
  await tabTo(page, passkeys.getByRole('button', { name: 'Add a passkey' }));
  await page.keyboard.press('Enter');
  await expect(passkeys.getByRole('status')).toContainText(/Passkey “.+” added/);
  expect(await authenticator.credentials()).toHaveLength(1);
  const table = passkeys.getByRole('table', { name: 'Your passkeys' });
  await expect(table.getByRole('rowheader')).toHaveCount(1);
  const name = (await table.getByRole('rowheader').textContent())!.trim();

  // Remove: Tab to the disclosure, open it with Enter, type the password, Enter submits.
  await page.locator('body').focus();
  await tabTo(page, passkeys.getByText(`Remove “${name}”`));
  await page.keyboard.press('Enter');
  const passwordField = passkeys.getByLabel('Your password');
  await expect(passwordField).toBeVisible();
  await tabTo(page, passwordField);
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Passkey removed' })).toBeVisible();
  await expect(passkeys).toContainText('You have no passkeys yet.');

  // And added again, this time pressing Space on the button.
  await page.locator('body').focus();
  await tabTo(page, passkeys.getByRole('button', { name: 'Add a passkey' }));
  await page.keyboard.press('Space');
  await expect(passkeys.getByRole('status').filter({ hasText: /Passkey “.+” added/ })).toBeVisible();
  await expect(table.getByRole('rowheader')).toHaveCount(1);

  // Used: signed out, then on /login Tab to "Use a passkey" and Enter.
  await page.locator('body').focus();
  await tabTo(page, page.getByRole('button', { name: 'Sign out', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login/);
  await page.locator('body').focus();
  await tabTo(page, page.getByRole('button', { name: 'Use a passkey' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/account$/);
});
