/**
 * New sign-in notice (issue 29), with real email: a browser the account has not used before
 * is told to the owner, a known one is not; "this was not me" signs everyone out and leads
 * straight to a new password, and works once.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { choosePassword, GOOD_PASSWORD, signIn } from '../support/accounts';
import { linkIn, pgAccountsCli, pgEmail, waitForMail } from '../support/postgres-app';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

test('a new browser is emailed, a known one is not; "this was not me" works once', async ({
  page,
  browser,
}) => {
  const email = pgEmail('noticed');
  expect(
    (await pgAccountsCli('create', '--email', email, '--name', 'Nina Notice', '--role', 'client')).code,
  ).toBe(0);
  await choosePassword(page, linkIn((await waitForMail(email))[0]!));
  await expect(page).toHaveURL(/\/account$/);

  // The laptop: the account's first sign-in by the form is remembered quietly; so is the next one.
  const laptop = await (await browser.newContext()).newPage();
  await signIn(laptop, email, GOOD_PASSWORD);
  await expect(laptop).toHaveURL(/\/account$/);
  await laptop.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(laptop).toHaveURL(/\/login/);
  await signIn(laptop, email, GOOD_PASSWORD);
  await expect(laptop).toHaveURL(/\/account$/);

  // A stranger's browser: the owner is told.
  const stranger = await (await browser.newContext({ userAgent: FIREFOX })).newPage();
  await signIn(stranger, email, GOOD_PASSWORD);
  await expect(stranger).toHaveURL(/\/account$/);
  const mails = await waitForMail(email, 2);
  const notices = mails.filter((m) => m.subject === 'New sign-in to your Gatehouse e2e account');
  // Welcome, then this notice: the laptop's sign-ins sent nothing.
  expect(mails).toHaveLength(2);
  expect(notices).toHaveLength(1);
  expect(notices[0]!.text).toContain('Browser: Firefox 133 on Windows 10');
  expect(notices[0]!.text).toContain('This was not me');
  const link = linkIn(notices[0]!, 'secure-account');

  // The owner presses "this was not me" from their mailbox, in a browser of its own.
  const owner = await (await browser.newContext()).newPage();
  await owner.goto(link);
  await expect(owner.getByRole('heading', { name: 'This was not me' })).toBeVisible();
  const results = await new AxeBuilder({ page: owner })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await owner.getByRole('button', { name: 'Sign everyone out and choose a new password' }).click();
  await expect(owner).toHaveURL(/\/reset-password$/);
  await expect(owner.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();

  // Everyone is out at their next request: the stranger, the laptop, the welcome browser.
  for (const signedOut of [stranger, laptop, page]) {
    await signedOut.goto('/account');
    await expect(signedOut).toHaveURL(/\/login$/);
  }

  const newPassword = 'harbour-quill-juniper-47';
  await owner.getByLabel('New password', { exact: true }).fill(newPassword);
  await owner.getByLabel('Type the new password again').fill(newPassword);
  await owner.getByRole('button', { name: 'Save new password' }).click();
  await expect(owner).toHaveURL(/\/login\?reset=1$/);
  await signIn(stranger, email, GOOD_PASSWORD);
  await expect(stranger).toHaveURL(/\/login/);

  // The link worked once.
  await owner.goto(link);
  await expect(owner.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
});
