import { expect, test, type Page } from '@playwright/test';
import {
  formAlert,
  accountsCli,
  createActive,
  createInvited,
  choosePassword,
  signIn,
  uniqueEmail,
  GOOD_PASSWORD,
} from '../support/accounts';
import { EMBEDDED_ORIGIN } from '../support/ports';

const INCORRECT = 'The email address and/or password is incorrect.';

test.describe('signing in', () => {
  test('the sign-in page names the platform and its address and links to forgot password', async ({
    page,
  }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByText('Gatehouse e2e').first()).toBeVisible();
    await expect(page.getByText(EMBEDDED_ORIGIN).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Forgot password?' })).toBeVisible();
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute(
      'autocomplete',
      'current-password',
    );
  });

  test('a client signs in and lands on their account page, then signs out', async ({ page }) => {
    const { email, password } = await createActive(page, { name: 'Cleo Client' });
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('staff land on the console', async ({ page }) => {
    const { email, password } = await createActive(page, { role: 'helpdesk', name: 'Hal Helpdesk' });
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole('heading', { name: 'Helpdesk console' })).toBeVisible();
  });

  test('a wrong password and an unknown email get the same message and checklist', async ({ page }) => {
    const { email } = await createActive(page);
    await signIn(page, email, 'not-the-right-password');
    const alert = formAlert(page);
    await expect(alert).toContainText(INCORRECT);
    const wrongPasswordText = await alert.innerText();
    await expect(alert).toContainText(EMBEDDED_ORIGIN);
    await expect(page.getByLabel('Email address', { exact: true })).toHaveValue(email);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

    await signIn(page, uniqueEmail('nobody'), 'not-the-right-password');
    await expect(formAlert(page)).toContainText(INCORRECT);
    expect(await formAlert(page).innerText()).toBe(wrongPasswordText);
  });

  test('an invited account without a password gets the same message', async ({ page }) => {
    const { email } = await createInvited();
    await signIn(page, email, GOOD_PASSWORD);
    await expect(formAlert(page)).toContainText(INCORRECT);
  });

  test('a deactivated account with the right password is told it is deactivated and data is kept', async ({
    page,
  }) => {
    const { email, password } = await createActive(page);
    expect((await accountsCli('deactivate', '--email', email, '--reason', 'left the programme')).code).toBe(
      0,
    );
    await signIn(page, email, 'wrong-password-for-sure');
    await expect(formAlert(page)).toContainText(INCORRECT);
    await signIn(page, email, password);
    await expect(formAlert(page)).toContainText('Your account is deactivated');
    await expect(formAlert(page)).toContainText('Your data has not been deleted');
    expect((await accountsCli('reactivate', '--email', email)).code).toBe(0);
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/account$/);
  });

  test('missing and oversized fields get a message next to the field', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByLabel('Email address', { exact: true })).toHaveAccessibleDescription(
      'Enter your email address.',
    );
    await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
      'Enter your password.',
    );

    await page.getByLabel('Email address', { exact: true }).fill(`${'a'.repeat(250)}@example.org`);
    await page.getByLabel('Password', { exact: true }).fill('x'.repeat(300));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByLabel('Email address', { exact: true })).toHaveAccessibleDescription(
      /at most 254 characters/,
    );
    await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
      /at most 256 characters/,
    );
  });
});

test.describe('sessions', () => {
  test('signing out ends the session on the server: the old cookie is refused', async ({ page, browser }) => {
    const { email, password } = await createActive(page);
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/account$/);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.includes('gatehouse.session'));
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/login/);

    const replay = await browser.newContext();
    await replay.addCookies([session!]);
    const replayPage = await replay.newPage();
    await replayPage.goto('/account');
    await expect(replayPage).toHaveURL(/\/login$/);
    await replay.close();
  });

  test('deactivation ends an open session at its next request', async ({ page }) => {
    const { email, password } = await createActive(page);
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/account$/);
    expect((await accountsCli('deactivate', '--email', email)).code).toBe(0);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('each sign-in gets a new session id', async ({ page }) => {
    const { email, password } = await createActive(page);
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/account$/);
    const first = (await page.context().cookies()).find((c) => c.name.includes('gatehouse.session'))?.value;
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/account$/);
    const second = (await page.context().cookies()).find((c) => c.name.includes('gatehouse.session'))?.value;
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
  });
});

/** The form is interactive once React has hydrated it (its props are on the element). */
async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const form = document.querySelector('form[action="/login/password"]');
    return !!form && Object.keys(form).some((key) => key.startsWith('__reactProps'));
  });
}

test.describe('the sign-in request', () => {
  test('is one request answered with the destination: no hop through "/" and no server action', async ({
    page,
  }) => {
    const { email, password } = await createActive(page);
    await page.goto('/login');
    await waitForHydration(page);
    const seen: string[] = [];
    page.on('request', (request) => seen.push(`${request.method()} ${new URL(request.url()).pathname}`));
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    // The answer read on its way to the page (its body is gone once the page navigates).
    const answers: { status: number; body: unknown; headers: Record<string, string> }[] = [];
    await page.route('**/login/password', async (route) => {
      const response = await route.fetch();
      answers.push({
        status: response.status(),
        body: await response.json(),
        headers: route.request().headers(),
      });
      await route.fulfill({ response });
    });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/account$/);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.status).toBe(200);
    expect(answers[0]!.body).toEqual({ redirect: '/account' });
    expect(answers[0]!.headers['next-action']).toBeUndefined();
    expect(seen).not.toContain('GET /');
    expect(seen.filter((line) => line.startsWith('POST '))).toEqual(['POST /login/password']);
  });

  test('goes back to a callbackUrl on this platform, never to another site', async ({ page }) => {
    const { email, password } = await createActive(page);
    await page.goto('/login?callbackUrl=%2Fhelp%2Fpasswords');
    await waitForHydration(page);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/help\/passwords$/);

    await page.context().clearCookies();
    await page.goto(`/login?callbackUrl=${encodeURIComponent('https://evil.example/')}`);
    await waitForHydration(page);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/account$/);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('sign-in, a failed attempt and sign-out work as plain form posts', async ({ page, browser }) => {
    // Make the account in a JavaScript-enabled context, then use it without.
    const helper = await browser.newContext();
    const { email, password } = await createActive(await helper.newPage());
    await helper.close();

    await signIn(page, email, 'wrong-password-again');
    await expect(formAlert(page)).toContainText(INCORRECT);
    // The address as typed is shown again, but it never travels in the URL (logs, history).
    await expect(page.getByLabel('Email address', { exact: true })).toHaveValue(email);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    expect(page.url()).not.toContain(encodeURIComponent(email).split('%40')[0]!);
    await signIn(page, email, password);
    await expect(page).toHaveURL(/\/account$/);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('choosing a password works as a plain form post', async ({ page }) => {
    const { link } = await createInvited();
    await choosePassword(page, link);
    await expect(page).toHaveURL(/\/account$/);
  });
});
