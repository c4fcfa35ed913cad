/**
 * An application signs people in through Gatehouse (issue 27): the example relying party
 * (examples/relying-party, openid-client 6) registered with `npm run clients`, Chromium as
 * the person, and the app's back-channel logout endpoint a real HTTP listener.
 */
import { expect, test, type Page } from '@playwright/test';
import { choosePassword, createActive, createInvited } from '../support/accounts';
import { addClient } from '../support/clients';
import { EMBEDDED_ORIGIN, OIDC_RP_PORT } from '../support/ports';
import { startRelyingParty } from '../../examples/relying-party/relying-party';

const RP = `http://127.0.0.1:${OIDC_RP_PORT}`;

type RelyingParty = Awaited<ReturnType<typeof startRelyingParty>>;

async function startApp(name: string, extra: string[] = []): Promise<RelyingParty> {
  const client = await addClient([
    '--name',
    name,
    '--redirect-uri',
    `${RP}/callback`,
    '--post-logout-redirect-uri',
    `${RP}/`,
    '--backchannel-logout-uri',
    `${RP}/backchannel-logout`,
    ...extra,
  ]);
  expect(client.client_secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  return startRelyingParty({
    issuer: `${EMBEDDED_ORIGIN}/oidc`,
    clientId: client.client_id,
    clientSecret: client.client_secret,
    baseUrl: RP,
    port: OIDC_RP_PORT,
  });
}

/** Every address the page's main frame showed, in order. */
function visited(page: Page): string[] {
  const urls: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url());
  });
  return urls;
}

test.describe('signing in to an application through Gatehouse', () => {
  let app: RelyingParty | undefined;
  test.afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  test('code + PKCE through the sign-in page, straight through when signed in, and signing out through Gatehouse', async ({
    page,
  }) => {
    const { email, password } = await createActive(page, { name: 'Olivia Oidc' });
    app = await startApp(`First-party app ${Date.now()}`, ['--first-party']);

    // Not signed in to Gatehouse: the application's sign-in goes through Gatehouse's own page.
    await page.goto(`${RP}/login`);
    await expect(page).toHaveURL(new RegExp(`^${EMBEDDED_ORIGIN}/login`));
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${RP}/`);
    await expect(page.getByRole('status')).toHaveText(`Signed in as Olivia Oidc (${email})`);
    // The claims the platform authorises on, from the ID token openid-client verified.
    await expect(page.getByRole('row', { name: /^role/ })).toContainText('"client"');
    await expect(page.getByRole('row', { name: /^email_verified/ })).toContainText('true');
    const sub = await page.getByRole('row', { name: /^sub/ }).locator('td').innerText();
    expect(sub).not.toContain(email);
    expect(sub).not.toMatch(/^"\d+"$/);

    // Signed in to Gatehouse now: a second sign-in of the app passes no Gatehouse page at all.
    await page.context().clearCookies({ domain: '127.0.0.1' });
    await page.goto(`${RP}/`);
    await expect(page.getByText('Not signed in.')).toBeVisible();
    const urls = visited(page);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await expect(page.getByRole('status')).toHaveText(`Signed in as Olivia Oidc (${email})`);
    expect(urls.filter((u) => u.startsWith(EMBEDDED_ORIGIN))).toEqual([]);

    // RP-initiated logout: Gatehouse asks, signs the person out of itself, tells the app over
    // the back channel, and sends the browser back to the app.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Sign out of Gatehouse e2e?' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(`${RP}/`);
    await expect(page.getByText('Not signed in.')).toBeVisible();
    await expect.poll(() => app!.logoutTokens.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    expect(app.logoutTokens[0]!.sub).toBe(JSON.parse(sub));
    await page.goto(`${EMBEDDED_ORIGIN}/account`);
    await expect(page).toHaveURL(`${EMBEDDED_ORIGIN}/login`);
  });

  test('an application that is not the platform’s own asks for consent first', async ({ page }) => {
    const { email, password } = await createActive(page, { name: 'Carl Consent' });
    app = await startApp(`Partner app ${Date.now()}`);
    await page.goto(`${RP}/login`);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(
      page.getByRole('heading', { name: /^Allow Partner app \d+ to use your account\?$/ }),
    ).toBeVisible();
    await expect(page.getByRole('note')).toContainText('is not one of Gatehouse e2e');
    await page.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText(`Signed in as Carl Consent (${email})`);
  });

  test('a welcome link opened in the middle of an application’s sign-in ends back in the application', async ({
    page,
  }) => {
    const { email, link } = await createInvited({ name: 'Wendy Welcome' });
    app = await startApp(`Welcome app ${Date.now()}`, ['--first-party']);
    await page.goto(`${RP}/login`);
    await expect(page).toHaveURL(new RegExp(`^${EMBEDDED_ORIGIN}/login`));
    // No password yet: the person opens their welcome email instead, and chooses one.
    await choosePassword(page, link);
    await expect(page).toHaveURL(`${RP}/`);
    await expect(page.getByRole('status')).toHaveText(`Signed in as Wendy Welcome (${email})`);
  });

  test('a wrong password on the way to an application gets the same generic message, and the next try still ends in the application', async ({
    page,
  }) => {
    const { email, password } = await createActive(page, { name: 'Petra Typo' });
    app = await startApp(`Typo app ${Date.now()}`, ['--first-party']);
    await page.goto(`${RP}/login`);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(`${password}x`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('.alert[role="alert"]')).toHaveText(
      /The email address and\/or password is incorrect\./,
    );
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('status')).toHaveText(`Signed in as Petra Typo (${email})`);
  });
});
