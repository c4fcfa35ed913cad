/**
 * Passkeys in Chromium, with its virtual authenticator (e2e/support/virtual-authenticator.ts)
 * standing in for a phone or laptop: each test covers one whole path a person takes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page, type Request as PlaywrightRequest } from '@playwright/test';
import { accountsCli, createActive, formAlert, signIn } from '../support/accounts';
import { addVirtualAuthenticator, withoutPasskeyAutofill } from '../support/virtual-authenticator';

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
 * A second device with copies of `credentials` (as a synced passkey is), on /login, in a
 * browser without passkey autofill (conditional mediation), so that only the button asks:
 * Chromium's virtual authenticator would answer the autofill request at once.
 */
async function loginPageWithCopies(
  browser: Browser,
  credentials: Awaited<ReturnType<VirtualAuthenticator['credentials']>>,
) {
  const context = await browser.newContext();
  await context.addInitScript(withoutPasskeyAutofill);
  const page = await context.newPage();
  await addVirtualAuthenticator(page, credentials);
  await page.goto('/login');
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
  expect(await authenticator.credentials()).toHaveLength(1);
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
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(table.getByRole('row').nth(1)).not.toContainText('Not yet');

  // Another device with the same passkey (copied now: its signature counter is current) signs in with the button.
  const other = await loginPageWithCopies(browser, await authenticator.credentials());
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

  // The browser's sign-in answer, held back and then posted three times at once: exactly
  // one signs in, the others are refused as replayed (the challenge is spent once); posted
  // again later it is refused too (its signature counter is behind now).
  const other = await loginPageWithCopies(browser, credentials);
  let held: PlaywrightRequest | undefined;
  await other.route('**/login', async (route) => {
    const r = route.request();
    if (r.method() === 'POST' && r.postData()?.includes('clientDataJSON')) {
      held = r;
      return route.abort();
    }
    return route.continue();
  });
  await other.getByRole('button', { name: 'Use a passkey' }).click();
  await expect.poll(() => held !== undefined).toBe(true);
  const headers = await held!.allHeaders();
  const post = () =>
    request.post(held!.url(), {
      headers: {
        'content-type': headers['content-type']!,
        'next-action': headers['next-action']!,
        origin: new URL(held!.url()).origin,
      },
      data: held!.postData()!,
      maxRedirects: 0,
    });
  const answers = await Promise.all([post(), post(), post()]);
  const signedIn = answers.filter((a) => (a.headers()['set-cookie'] ?? '').includes('gatehouse.session='));
  expect(signedIn).toHaveLength(1);
  const refused = await Promise.all(answers.filter((a) => !signedIn.includes(a)).map((a) => a.text()));
  expect(refused).toEqual([
    expect.stringContaining('"message":"replayed"'),
    expect.stringContaining('"message":"replayed"'),
  ]);
  const later = await post();
  expect(later.status()).toBeLessThan(500);
  expect(await later.text()).toMatch(/"message":"(invalid|replayed)"/);
  expect(later.headers()['set-cookie'] ?? '').not.toContain('gatehouse.session=');

  expect((await accountsCli('deactivate', '--email', email)).code).toBe(0);
  // The same device again (its counter is the current one), now left to post its answer.
  await other.unrouteAll();
  await other.reload();
  await other.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(formAlert(other)).toContainText('Your account is deactivated');
  await expect(other).toHaveURL(/\/login/);
});
