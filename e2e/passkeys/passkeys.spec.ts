/**
 * Passkeys in Chromium, with its virtual authenticator (e2e/support/virtual-authenticator.ts)
 * standing in for a phone or laptop: each test covers one whole path a person takes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { accountsCli, createActive, formAlert, signIn } from '../support/accounts';
import { addVirtualAuthenticator } from '../support/virtual-authenticator';

type VirtualAuthenticator = Awaited<ReturnType<typeof addVirtualAuthenticator>>;

async function expectAxeClean(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.help}`),
    `${label}: axe violations`,
  ).toEqual([]);
}

/** Signed in with the password, on /account with an authenticator: adds a passkey and returns its name. */
async function addPasskey(page: Page) {
  const passkeys = page.getByRole('region', { name: 'Passkeys' });
  await expect(passkeys).toContainText('You have no passkeys yet.');
  await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(passkeys.getByRole('status')).toContainText(/Passkey “.+” added/);
  const table = passkeys.getByRole('table', { name: 'Your passkeys' });
  await expect(table.getByRole('rowheader')).toHaveCount(1);
  return { passkeys, table };
}

/**
 * A second device with copies of `credentials` (as a synced passkey is), on a fresh /login:
 * the authenticator arrives after the page asked for autofill, so only the button uses it.
 */
async function loginPageWithCopies(
  browser: Browser,
  credentials: Awaited<ReturnType<VirtualAuthenticator['credentials']>>,
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Use a passkey' })).toBeVisible();
  await addVirtualAuthenticator(page, credentials);
  return page;
}

test('a person adds a passkey, renames it, signs in with it (autofill and button) and removes it', async ({
  page,
  browser,
}) => {
  const { email, password } = await createActive(page);
  const authenticator = await addVirtualAuthenticator(page);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);
  const { passkeys, table } = await addPasskey(page);
  const credentials = await authenticator.credentials();
  expect(credentials).toHaveLength(1);
  await expect(table.getByRole('row').nth(1)).toContainText('Not yet');
  await expectAxeClean(page, '/account with a passkey');

  // Renamed, by keyboard alone.
  await passkeys.getByText(/^Rename “/).focus();
  await page.keyboard.press('Enter');
  await passkeys.getByLabel('New name').fill('Work laptop');
  await page.keyboard.press('Enter');
  await expect(table.getByRole('rowheader')).toHaveText(['Work laptop']);

  // Signed out: /login offers the passkey in the email field's autofill, and the
  // authenticator (which answers at once) signs in with it: no address, no password.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(table.getByRole('row').nth(1)).not.toContainText('Not yet');

  // Another device with the same passkey signs in with the button.
  const other = await loginPageWithCopies(browser, credentials);
  await expect(other.getByLabel('Email address', { exact: true })).toHaveAttribute(
    'autocomplete',
    'username webauthn',
  );
  await expectAxeClean(other, '/login');
  await other.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(other).toHaveURL(/\/account$/);

  // Removed with the password (a wrong one first): the list is empty, the other device was
  // signed out, and the passkey no longer signs in.
  await passkeys.getByText('Remove “Work laptop”').click();
  await passkeys.getByLabel('Your password').fill('not-my-password');
  await passkeys.getByRole('button', { name: 'Remove with password' }).click();
  await expect(formAlert(page)).toContainText('That is not right');
  await passkeys.getByLabel('Your password').fill(password);
  await passkeys.getByRole('button', { name: 'Remove with password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passkey removed' })).toBeVisible();
  await expect(passkeys).toContainText('You have no passkeys yet.');
  await other.reload();
  await expect(other).toHaveURL(/\/login/);
  await other.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(formAlert(other)).toContainText('That passkey is not known here');
  await expect(other).toHaveURL(/\/login/);
});

test('an answer used again (also three at once) is refused as replayed; a deactivated person with the right passkey is told so', async ({
  page,
  browser,
  request,
}) => {
  const { email, password } = await createActive(page);
  const authenticator = await addVirtualAuthenticator(page);
  await signIn(page, email, password);
  await addPasskey(page);
  const credentials = await authenticator.credentials();

  // The sign-in as the browser posts it, kept for replaying.
  const other = await loginPageWithCopies(browser, credentials);
  const posted = other.waitForRequest(
    (r) =>
      r.method() === 'POST' &&
      new URL(r.url()).pathname === '/login' &&
      r.postData()?.includes('clientDataJSON') === true,
  );
  await other.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(other).toHaveURL(/\/account$/);
  const signInPost = await posted;
  const headers = await signInPost.allHeaders();
  const replays = await Promise.all(
    [1, 2, 3].map(() =>
      request.post(signInPost.url(), {
        headers: {
          'content-type': headers['content-type']!,
          'next-action': headers['next-action']!,
          origin: new URL(signInPost.url()).origin,
        },
        data: signInPost.postData()!,
        maxRedirects: 0,
      }),
    ),
  );
  for (const replay of replays) {
    expect(replay.status()).toBe(200);
    expect(await replay.text()).toContain('"message":"replayed"');
    expect(replay.headers()['set-cookie'] ?? '').not.toContain('gatehouse.session');
  }

  expect((await accountsCli('deactivate', '--email', email)).code).toBe(0);
  const third = await loginPageWithCopies(browser, credentials);
  await third.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(formAlert(third)).toContainText('Your account is deactivated');
  await expect(third).toHaveURL(/\/login/);
});
