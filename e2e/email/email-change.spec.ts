import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { GOOD_PASSWORD, choosePassword, signIn } from '../support/accounts';
import { linkIn, pgAccountsCli, pgEmail, staffMember, waitForMail } from '../support/postgres-app';

/** The link cookies a context holds (their names carry the page they belong to). */
async function linkCookies(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).filter((c) => c.name.includes('-link')).map((c) => c.name);
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test.describe('a staff-requested email change', () => {
  test('ASVS 6.4.6: an account with a password changes address only when the new address confirms with the password; the old one is told and no reset link goes out meanwhile', async ({
    page,
    browser,
  }) => {
    test.setTimeout(180_000);
    const email = pgEmail('keeper');
    const made = await pgAccountsCli('create', '--email', email, '--name', 'Kees Keeper', '--role', 'client');
    expect(made.code, made.stderr).toBe(0);
    const person = await (await browser.newContext()).newPage();
    await choosePassword(person, linkIn((await waitForMail(email))[0]!));
    await expect(person).toHaveURL(/\/account$/);

    await staffMember(page, 'helpdesk', 'Hanna Helpdesk');
    await page.goto(`/admin?q=${encodeURIComponent(email)}`);
    await page.getByRole('link', { name: 'Kees Keeper' }).click();
    const newEmail = pgEmail('kees.new');
    await page.getByLabel('Email address').fill(newEmail);
    await page.getByRole('button', { name: 'Save email address' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The address changes when the person confirms it' }),
    ).toBeVisible();
    await expect(page.getByText(`${newEmail}, until`)).toBeVisible();

    // No reset link while the change waits: it would be a way around the confirmation.
    await page.getByRole('button', { name: 'Send password reset link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'no reset link can be sent now' })).toBeVisible();

    // The old address was told at once, with a way to cancel.
    const [, notice] = await waitForMail(email, 2);
    expect(notice!.subject).toContain('is about to change');
    expect(notice!.text).toContain(newEmail);
    linkIn(notice!, 'cancel-email-change');

    // The new address confirms with the password; the first try with a wrong one is refused.
    const [confirmation] = await waitForMail(newEmail);
    expect(confirmation!.text).not.toContain(email);
    expect(confirmation!.text).toContain('24 hours');
    const newMailbox = await browser.newContext();
    const reader = await newMailbox.newPage();
    await reader.goto(linkIn(confirmation!, 'confirm-email'));
    await expect(reader).toHaveURL(/\/confirm-email$/);
    await expect(reader.getByRole('heading', { name: 'Confirm your new email address' })).toBeVisible();
    await expectNoAxeViolations(reader);
    await reader.getByLabel('Your password').fill('not-the-password-at-all');
    await reader.getByRole('button', { name: 'Confirm new email address' }).click();
    await expect(reader.getByText('That password is not correct.').first()).toBeVisible();
    await reader.getByLabel('Your password').fill(GOOD_PASSWORD);
    await reader.getByRole('button', { name: 'Confirm new email address' }).click();
    await expect(reader.getByText('Your email address is changed')).toBeVisible();
    // The form was used: the link's cookie is gone from this browser.
    expect(await linkCookies(newMailbox)).toEqual([]);

    // Signed out everywhere; the new address signs in, the old one no longer does.
    await person.goto('/account');
    await expect(person).toHaveURL(/\/login$/);
    await signIn(person, newEmail, GOOD_PASSWORD);
    await expect(person).toHaveURL(/\/account$/);
    const [, , done] = await waitForMail(email, 3);
    expect(done!.subject).toContain('was changed');

    // The console shows it in the history.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Kees Keeper' })).toBeVisible();
    await expect(page.getByText(`The email address was changed from ${email} to ${newEmail}`)).toBeVisible();
  });

  test('the old address cancels the change, and "Back to sign in" forgets the link cookie', async ({
    page,
    browser,
  }) => {
    test.setTimeout(180_000);
    const email = pgEmail('canceller');
    const made = await pgAccountsCli(
      'create',
      '--email',
      email,
      '--name',
      'Cato Canceller',
      '--role',
      'client',
    );
    expect(made.code, made.stderr).toBe(0);
    const person = await (await browser.newContext()).newPage();
    await choosePassword(person, linkIn((await waitForMail(email))[0]!));

    await staffMember(page, 'helpdesk', 'Henk Helpdesk');
    await page.goto(`/admin?q=${encodeURIComponent(email)}`);
    await page.getByRole('link', { name: 'Cato Canceller' }).click();
    const newEmail = pgEmail('not.cato');
    await page.getByLabel('Email address').fill(newEmail);
    await page.getByRole('button', { name: 'Save email address' }).click();
    await expect(page.getByRole('button', { name: 'Withdraw the address change' })).toBeVisible();

    const [, notice] = await waitForMail(email, 2);
    const cancelLink = linkIn(notice!, 'cancel-email-change');

    // Opening the link and leaving with "Back to sign in" uses nothing and forgets the cookie.
    const oldMailbox = await browser.newContext();
    const owner = await oldMailbox.newPage();
    await owner.goto(cancelLink);
    await expect(owner.getByRole('heading', { name: 'Keep your email address?' })).toBeVisible();
    await expect(owner.getByText(newEmail)).toBeVisible();
    await expectNoAxeViolations(owner);
    // In Dutch too.
    await owner.getByRole('button', { name: 'Nederlands' }).click();
    await expect(owner.getByRole('heading', { name: 'Uw e-mailadres houden?' })).toBeVisible();
    await expectNoAxeViolations(owner);
    await owner.getByRole('button', { name: 'English' }).click();
    await expect(owner.getByRole('heading', { name: 'Keep your email address?' })).toBeVisible();
    expect(await linkCookies(oldMailbox)).toHaveLength(1);
    await owner.getByRole('link', { name: 'Back to sign in' }).click();
    await expect(owner).toHaveURL(/\/login$/);
    expect(await linkCookies(oldMailbox)).toEqual([]);

    // Back through the link: cancel.
    await owner.goto(cancelLink);
    await owner.getByRole('button', { name: 'Cancel the change' }).click();
    await expect(owner.getByText('The change is cancelled')).toBeVisible();
    await expect(owner.getByText(`Your email address stays ${email}`)).toBeVisible();
    expect(await linkCookies(oldMailbox)).toEqual([]);

    // The confirmation link no longer works; the address, the password and the session are as they were.
    const [confirmation] = await waitForMail(newEmail);
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(linkIn(confirmation!, 'confirm-email'));
    await expect(reader.getByRole('heading', { name: 'This link has been replaced' })).toBeVisible();
    await person.goto('/account');
    await expect(person.getByText(email)).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Withdraw the address change' })).toBeHidden();
  });
});
