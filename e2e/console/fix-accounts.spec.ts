import { expect, test } from '@playwright/test';
import {
  accountsCli,
  choosePassword,
  createActive,
  createInvited,
  signIn,
  uniqueEmail,
} from '../support/accounts';
import { EMBEDDED_ORIGIN } from '../support/ports';

test.describe('the helpdesk console', () => {
  test('find an account by part of its name, then deactivate it (keyboard, confirmation) and reactivate it', async ({
    page,
    browser,
  }) => {
    const helpdesk = await createActive(page, { role: 'helpdesk', name: 'Hilde Helpdesk' });
    const person = await createActive(page, { name: 'Quirine Zoekbaar' });
    // The person is signed in elsewhere.
    const theirs = await browser.newContext();
    const theirPage = await theirs.newPage();
    await signIn(theirPage, person.email, person.password);
    await expect(theirPage).toHaveURL(/\/account$/);

    await signIn(page, helpdesk.email, helpdesk.password);
    await page.getByLabel('Search').fill('zoekbaar');
    await page.getByLabel('Status').selectOption({ label: 'Active' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: 'Quirine Zoekbaar' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Quirine Zoekbaar' })).toBeVisible();

    await page.getByLabel('Reason (recorded in the history)').fill('Treatment finished');
    await page.getByRole('button', { name: 'Deactivate account' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Deactivate the account of Quirine Zoekbaar?' });
    await expect(dialog).toBeVisible();
    // Escape cancels; nothing happens.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Active', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Deactivate account' }).click();
    await dialog.getByRole('button', { name: 'Deactivate account' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The account is deactivated' })).toBeVisible();
    await expect(
      page.getByRole('cell', { name: 'The account was deactivated: Treatment finished' }),
    ).toBeVisible();

    // Their open session ends at its next request.
    await theirPage.goto('/account');
    await expect(theirPage).toHaveURL(/\/login$/);

    await page.getByRole('button', { name: 'Reactivate account' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The account is active again' })).toBeVisible();
    await signIn(theirPage, person.email, person.password);
    await expect(theirPage).toHaveURL(/\/account$/);
    await theirs.close();
  });

  test('ASVS 7.4.5: staff end one session of a person, then all, with a reason, without deactivating them; it is in the history', async ({
    page,
    browser,
  }) => {
    const helpdesk = await createActive(page, { role: 'helpdesk', name: 'Hanna Helpdesk' });
    const person = await createActive(page, { name: 'Lotte Verloren' });
    const phone = await browser.newContext({
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    });
    const phonePage = await phone.newPage();
    await signIn(phonePage, person.email, person.password);
    await expect(phonePage).toHaveURL(/\/account$/);

    await signIn(page, helpdesk.email, helpdesk.password);
    await page.getByLabel('Search').fill(person.email);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: 'Lotte Verloren' }).click();
    // One session: the phone's, with a reason.
    await page.getByLabel('Why (recorded in the history)').fill('Phone lost on the train');
    await page
      .getByRole('row')
      .filter({ hasText: 'Firefox 133 on Linux' })
      .getByRole('button', { name: /^End this session: Firefox 133 on Linux/ })
      .click();
    await expect(page.getByRole('status').filter({ hasText: 'That session has ended.' })).toBeVisible();
    await expect(
      page.getByRole('cell', { name: 'Staff ended a session: Phone lost on the train' }),
    ).toBeVisible();
    await phonePage.goto('/account');
    await expect(phonePage).toHaveURL(/\/login$/);

    // All of them: the reason is asked for first.
    await signIn(phonePage, person.email, person.password);
    await expect(phonePage).toHaveURL(/\/account$/);
    await page.reload();
    await page.getByLabel('Why (recorded in the history)').fill('Asked by phone');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Every session of this person has ended.' }),
    ).toBeVisible();
    await expect(
      page.getByRole('cell', {
        name: /^Staff ended \d+ sessions?: Asked by phone$|^Staff ended a session: Asked by phone$/,
      }),
    ).toBeVisible();
    await expect(page.getByText('Active', { exact: true })).toBeVisible();

    // The open session ends at its next request; the person signs in again with the same password.
    await phonePage.goto('/account');
    await expect(phonePage).toHaveURL(/\/login$/);
    await signIn(phonePage, person.email, person.password);
    await expect(phonePage).toHaveURL(/\/account$/);
    await phone.close();
  });

  test('ASVS 8.2.2: a counselor making a client with an address that already has an account is told to ask the helpdesk, not that it is taken', async ({
    page,
  }) => {
    const counselor = await createActive(page, { role: 'counselor', name: 'Carla Coach' });
    const someoneElse = await createActive(page, { name: 'Iemand Anders' });
    await signIn(page, counselor.email, counselor.password);
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto('/admin/accounts/new');
    await page.getByLabel('Name').fill('Nieuwe Client');
    await page.getByLabel('Email address').fill(someoneElse.email);
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Ask the helpdesk/);
    await expect(page.getByText(/already exists/)).toHaveCount(0);
  });

  test('correct a mistyped email: the old address is told, the new one gets a fresh welcome, the history shows before and after', async ({
    page,
  }) => {
    const manager = await createActive(page, { role: 'application_manager', name: 'Mona Manager' });
    const typo = uniqueEmail('typo').replace('@example.org', '@gmial.com');
    const fixed = typo.replace('@gmial.com', '@gmail.com');
    const { link } = await createInvited({ email: typo, name: 'Tom Typo' });

    await signIn(page, manager.email, manager.password);
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto(`/admin?q=${encodeURIComponent('tom typo')}`);
    await page.getByRole('link', { name: 'Tom Typo' }).click();
    // Saving the address as it is asks about the likely typo; the answer saves the correction.
    await page.getByLabel('Email address').fill(typo);
    await page.getByRole('button', { name: 'Save email address' }).click();
    await expect(page.getByRole('group', { name: `Did you mean ${fixed}?` })).toBeFocused();
    await page.getByRole('button', { name: `Use ${fixed}` }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The email address is corrected' }),
    ).toBeVisible();
    await expect(
      page.getByRole('cell', { name: `The email address was changed from ${typo} to ${fixed}` }),
    ).toBeVisible();

    // The first link went to the wrong address: it no longer works.
    const other = await page.context().browser()!.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(link);
    await expect(otherPage.getByRole('heading', { name: 'This link has been replaced' })).toBeVisible();
    await other.close();

    await page.goto('/dev/mailbox');
    await expect(
      page.getByRole('row').filter({ hasText: typo }).filter({ hasText: 'email address of your account' }),
    ).toHaveCount(1);
    const welcomeRow = page.getByRole('row').filter({ hasText: fixed }).filter({ hasText: 'is ready' });
    await expect(welcomeRow).toHaveCount(1);
    await welcomeRow.getByRole('link').click();
    const newLink = new RegExp(`${EMBEDDED_ORIGIN}/welcome\\?token=[A-Za-z0-9_-]{43}`).exec(
      await page.locator('pre').innerText(),
    )![0];
    await page.context().clearCookies();
    await choosePassword(page, newLink);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(fixed)).toBeVisible();
  });

  test('send a password reset link; staff never see the password', async ({ page }) => {
    const manager = await createActive(page, { role: 'application_manager' });
    const person = await createActive(page, { name: 'Rita Reset' });
    await signIn(page, manager.email, manager.password);
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto(`/admin?q=${encodeURIComponent(person.email)}`);
    await page.getByRole('link', { name: 'Rita Reset' }).click();
    await page.getByRole('button', { name: 'Send password reset link' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'A password reset link is on its way' }),
    ).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Staff sent a password reset link' })).toBeVisible();
    await page.goto('/dev/mailbox');
    await expect(
      page.getByRole('row').filter({ hasText: person.email }).filter({ hasText: 'Choose a new password' }),
    ).toHaveCount(1);
    const list = await accountsCli('list');
    expect(list.stdout).toContain(person.email);
  });

  test('the audit log filters by action and account', async ({ page }) => {
    const manager = await createActive(page, { role: 'application_manager' });
    const person = await createInvited({ name: 'Audrey Audit' });
    await signIn(page, manager.email, manager.password);
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto('/admin/audit');
    await page.getByLabel('Account (email)').fill(person.email);
    await page.getByLabel('Action').selectOption('account.created');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.getByRole('row').filter({ hasText: 'The account was made and the welcome email sent' });
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(person.email);

    // Events record the client's address (here the browser's, on this machine).
    await page.getByLabel('Account (email)').fill(manager.email);
    await page.getByLabel('Action').selectOption('sign_in.succeeded');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Signed in' }).first()).toContainText(
      /127\.0\.0\.1|::1/,
    );
  });
});
