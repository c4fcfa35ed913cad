import { expect, test } from '@playwright/test';
import { accountsCli, createActive, signIn, uniqueEmail } from '../support/accounts';
import { EMBEDDED_ORIGIN } from '../support/ports';

test.describe('the dev mailbox (embedded quick start, no SMTP_URL)', () => {
  test('an application manager reads the queued welcome email under a "nothing is delivered" banner', async ({
    page,
  }) => {
    const manager = await createActive(page, { role: 'application_manager', name: 'Max Manager' });
    const email = uniqueEmail('mailbox');
    const created = await accountsCli('create', '--email', email, '--name', 'Mo Mailbox', '--role', 'client');
    const printedLink = new RegExp(`${EMBEDDED_ORIGIN}/welcome\\?token=\\S+`).exec(created.stdout)![0];

    await signIn(page, manager.email, manager.password);
    await expect(page).toHaveURL(/\/admin$/);
    await page.getByRole('link', { name: 'Dev mailbox' }).click();
    await expect(page.getByRole('note')).toContainText('Nothing is being delivered');
    const row = page.getByRole('row').filter({ hasText: email });
    await expect(row).toContainText('Sent');
    await row.getByRole('link').click();
    // The printed link and the emailed link are the same single token.
    await expect(page.locator('pre')).toContainText(printedLink);
    await expect(page.locator('pre')).toContainText('7 days');
    await expect(
      page.frameLocator('iframe').getByRole('link', { name: 'Choose your password' }),
    ).toHaveAttribute('href', printedLink);
  });

  test('nobody but an application manager may open it', async ({ page }) => {
    await page.goto('/dev/mailbox');
    await expect(page).toHaveURL(/\/login$/);
    const helpdesk = await createActive(page, { role: 'helpdesk' });
    await signIn(page, helpdesk.email, helpdesk.password);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole('link', { name: 'Dev mailbox' })).toHaveCount(0);
    await page.goto('/dev/mailbox');
    await expect(page).toHaveURL(/\/admin$/);
  });
});
