/**
 * An application signs people in through Gatehouse (issue 27): the example relying party
 * (examples/relying-party, openid-client 6) registered with `npm run clients`, Chromium as
 * the person, and the app's back-channel logout endpoint a real HTTP listener.
 */
import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { accountsCli, choosePassword, createActive, createInvited, signIn } from '../support/accounts';
import { expectAxeClean } from '../support/axe';
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

/** The code an authenticator app shows for this key, `steps` 30-second steps from now. */
function codeFor(secret: string, steps = 0): string {
  const app = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return app.generate({ timestamp: Date.now() + steps * 30_000 });
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

  test('in Dutch: the sign-in and consent pages speak Dutch, and "Do not allow" sends the person back without a code', async ({
    page,
    browser,
  }) => {
    const { email, password } = await createActive(page, { name: 'Noor Nederlands' });
    app = await startApp(`Partnerapp ${Date.now()}`);
    const dutch = await browser.newContext({ locale: 'nl-NL' });
    const nl = await dutch.newPage();
    await nl.goto(`${RP}/login`);
    await expect(nl).toHaveURL(new RegExp(`^${EMBEDDED_ORIGIN}/login`));
    await nl.getByLabel('E-mailadres', { exact: true }).fill(email);
    await nl.getByLabel('Wachtwoord', { exact: true }).fill(password);
    await nl.getByRole('button', { name: 'Inloggen' }).click();
    await expect(
      nl.getByRole('heading', { name: /^Mag Partnerapp \d+ uw account gebruiken\?$/ }),
    ).toBeVisible();
    await expect(nl.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(nl.getByRole('note')).toContainText('is geen eigen toepassing van Gatehouse e2e');
    await expect(nl.getByText('uw e-mailadres', { exact: true })).toBeVisible();
    await expectAxeClean(nl, 'the consent page in Dutch');
    // Refused: back at the application, which was given no code and so signed nobody in.
    await nl.getByRole('button', { name: 'Niet toestaan' }).click();
    await expect(nl).toHaveURL(new RegExp(`^${RP}/`));
    await expect(nl.getByText(`Signed in as Noor Nederlands`)).toHaveCount(0);
    // Allowed on a second try, in Dutch all the way.
    await nl.goto(`${RP}/login`);
    await nl.getByRole('button', { name: 'Toestaan', exact: true }).click();
    await expect(nl.getByRole('status')).toHaveText(`Signed in as Noor Nederlands (${email})`);
    await dutch.close();
  });

  test('a deactivated person on the way to an application sees the deactivated message and gets no code', async ({
    page,
  }) => {
    const { email, password } = await createActive(page, { name: 'Dirk Gedeactiveerd' });
    app = await startApp(`Deactivated app ${Date.now()}`, ['--first-party']);
    expect((await accountsCli('deactivate', '--email', email)).code).toBe(0);
    const urls = visited(page);
    await page.goto(`${RP}/login`);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('.alert[role="alert"]')).toContainText('Your account is deactivated');
    await expect(page).toHaveURL(new RegExp(`^${EMBEDDED_ORIGIN}/`));
    expect(urls.filter((u) => u.startsWith(RP) && /[?&]code=/.test(u))).toEqual([]);
  });

  test('throttling holds on the way to an application: after five wrong passwords even the right one waits, and the app gets no code', async ({
    page,
  }) => {
    const { email, password } = await createActive(page, { name: 'Tina Throttle' });
    app = await startApp(`Throttle app ${Date.now()}`, ['--first-party']);
    const urls = visited(page);
    await page.goto(`${RP}/login`);
    await expect(page).toHaveURL(new RegExp(`^${EMBEDDED_ORIGIN}/login`));
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Email address', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(`guess-${i}-wrong`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Each answer waited for (the form is drawn afresh, the password emptied): the alert of
      // the attempt before looks the same.
      await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
      await expect(page.locator('.alert[role="alert"]')).toHaveText(
        /The email address and\/or password is incorrect\./,
      );
    }
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('.alert[role="alert"]')).toContainText('Too many attempts');
    await expect(page).toHaveURL(new RegExp(`^${EMBEDDED_ORIGIN}/login`));
    expect(urls.filter((u) => u.startsWith(RP) && /[?&]code=/.test(u))).toEqual([]);
  });

  test('a staff member with two-step verification on the way to an application: password, code, then back in the application', async ({
    page,
  }) => {
    const staff = await createActive(page, { role: 'helpdesk', name: 'Stan Tweestaps' });
    await signIn(page, staff.email, staff.password);
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto('/account/two-step');
    const secret = ((await page.getByLabel('Key for your authenticator app').textContent()) ?? '').replace(
      /\s/g,
      '',
    );
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Your password', { exact: true }).fill(staff.password);
    await page.getByLabel('Code from your app', { exact: true }).fill(codeFor(secret));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await expect(page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem')).toHaveCount(
      10,
    );
    await page.context().clearCookies();

    app = await startApp(`Two-step app ${Date.now()}`, ['--first-party']);
    await page.goto(`${RP}/login`);
    await page.getByLabel('Email address', { exact: true }).fill(staff.email);
    await page.getByLabel('Password', { exact: true }).fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The password alone gives the application nothing: the code page first.
    await expect(page).toHaveURL(new RegExp(`^${EMBEDDED_ORIGIN}/login/code`));
    await page.getByLabel('Code from your app, or a recovery code').fill(codeFor(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('status')).toHaveText(`Signed in as Stan Tweestaps (${staff.email})`);
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

  test('a forgotten password on the way to an application: after the reset link, signing in ends back in the application', async ({
    page,
    browser,
  }) => {
    const { email } = await createActive(page, { name: 'Vera Vergeten' });
    app = await startApp(`Reset app ${Date.now()}`, ['--first-party']);
    await page.goto(`${RP}/login`);
    await expect(page).toHaveURL(new RegExp(`^${EMBEDDED_ORIGIN}/login`));
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    const sent = page.getByRole('status').filter({ hasText: 'Check your email' });
    // Typed before the page is interactive (a busy machine), the address can be lost: typed again then.
    await expect(async () => {
      await page.getByLabel('Email address').fill(email);
      await page.getByRole('button', { name: 'Send me an email' }).click();
      await expect(sent).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 45_000 });

    // The email, read in the dev mailbox by an application manager in a browser of their own.
    const staff = await browser.newContext();
    const mailbox = await staff.newPage();
    const manager = await createActive(mailbox, { role: 'application_manager' });
    await signIn(mailbox, manager.email, manager.password);
    await expect(mailbox).toHaveURL(/\/admin$/);
    await mailbox.goto('/dev/mailbox');
    const row = mailbox
      .getByRole('row')
      .filter({ hasText: email })
      .filter({ hasText: 'Choose a new password' });
    // The newest first (a second request, if the form was sent twice, supersedes the first).
    await row.first().getByRole('link').click();
    const link = new RegExp(`${EMBEDDED_ORIGIN}/reset-password\\?token=[A-Za-z0-9_-]+`).exec(
      (await mailbox.locator('pre').textContent()) ?? '',
    )?.[0];
    expect(link).toBeTruthy();
    await staff.close();

    // Opened in the browser that came from the application: a new password, then the application.
    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill('lantaarn-boomgaard-zachtjes-48');
    await page.getByLabel('Type the new password again').fill('lantaarn-boomgaard-zachtjes-48');
    await page.getByRole('button', { name: 'Save new password' }).click();
    // A reset signs nobody in (whoever reads the mailbox is not yet the person): the sign-in page,
    // and from there the application the person came from.
    await expect(page.getByRole('status').filter({ hasText: 'Your password was changed.' })).toBeVisible();
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill('lantaarn-boomgaard-zachtjes-48');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${RP}/`);
    await expect(page.getByRole('status')).toHaveText(`Signed in as Vera Vergeten (${email})`);
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
