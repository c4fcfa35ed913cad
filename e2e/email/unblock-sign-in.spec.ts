import { expect, test } from '@playwright/test';
import { GOOD_PASSWORD, choosePassword, formAlert, signIn } from '../support/accounts';
import { linkIn, pgAccountsCli, pgEmail, waitForMail } from '../support/postgres-app';

test('unblock signing in by email: throttled sign-in, request the link, receive it, open it, unblock, sign in', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const email = pgEmail('unblocked');
  expect(
    (await pgAccountsCli('create', '--email', email, '--name', 'Udo Unblocked', '--role', 'client')).code,
  ).toBe(0);
  const [welcome] = await waitForMail(email);
  await choosePassword(page, linkIn(welcome!));
  await expect(page).toHaveURL(/\/account$/);

  // Someone else keeps guessing until signing in with this address pauses.
  const guesser = await (await browser.newContext()).newPage();
  for (let i = 0; i < 5; i++) {
    await signIn(guesser, email, `not-the-password-${i}`);
    await expect(formAlert(guesser)).toContainText('incorrect');
  }
  await signIn(guesser, email, GOOD_PASSWORD);
  await expect(formAlert(guesser)).toContainText('Too many attempts');

  // The throttled message offers the link; the answer is the same for every address.
  await formAlert(guesser).getByRole('button', { name: 'Email me a link to unblock signing in' }).click();
  await expect(guesser.getByRole('status').filter({ hasText: 'we sent a link to unblock it' })).toBeVisible();

  const mails = await waitForMail(email, 2);
  const unblockMail = mails.find((m) => m.text.includes('/unblock?token='))!;
  expect(unblockMail.text).toContain('1 hour');
  const link = linkIn(unblockMail, 'unblock');

  // Opening the link uses nothing; pressing the button does.
  const person = await (await browser.newContext()).newPage();
  await person.goto(link);
  await expect(person).toHaveURL(/\/unblock$/);
  await expect(person.getByRole('heading', { name: 'Unblock signing in' })).toBeVisible();
  await expect(person.getByText(email)).toBeVisible();
  await person.getByRole('button', { name: 'Unblock signing in' }).click();
  await expect(person.getByText('You can sign in again')).toBeVisible();

  await signIn(person, email, GOOD_PASSWORD);
  await expect(person).toHaveURL(/\/account$/);

  // The link worked once.
  await person.goto(link);
  await expect(person.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
});
