import { expect, test } from '@playwright/test';
import { GOOD_PASSWORD, choosePassword, formAlert } from '../support/accounts';
import { linkIn, pgAccountsCli, pgEmail, sql, staffMember, waitForMail } from '../support/postgres-app';
import { PG_ORIGIN } from '../support/ports';

test.describe('welcome email, end to end over SMTP on PostgreSQL', () => {
  test('staff create an account; the email arrives; the person chooses a password and is signed in; the link then says "already used"', async ({
    page,
    browser,
  }) => {
    await staffMember(page, 'helpdesk', 'Hanna Helpdesk');
    const email = pgEmail('new.client');
    await page.goto('/admin/accounts/new');
    await page.getByLabel('Name').fill('Nina Nieuw');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Role').selectOption({ label: 'Client' });
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Account created' })).toBeVisible();

    const [mail] = await waitForMail(email);
    expect(mail!.subject).toContain('Gatehouse e2e');
    expect(mail!.text).toContain('Hanna Helpdesk');
    expect(mail!.text).toContain('7 days');
    expect(mail!.text).toContain(PG_ORIGIN);
    const link = linkIn(mail!);

    // The staff member sees the invitation and the delivered email on the account page.
    await page.getByRole('link', { name: 'View the account' }).click();
    await expect(page.getByRole('heading', { name: 'Nina Nieuw' })).toBeVisible();
    await expect(page.getByText('Open: not used yet')).toBeVisible();
    await expect(page.getByRole('cell', { name: /^Sent/ })).toBeVisible();

    const person = await browser.newContext();
    const personPage = await person.newPage();
    await personPage.goto(link);
    await personPage.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
    await personPage.getByLabel('Type the new password again').fill(GOOD_PASSWORD);
    await personPage.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(personPage).toHaveURL(/\/account$/);
    await expect(personPage.getByText('Nina Nieuw')).toBeVisible();

    await personPage.goto(link);
    await expect(personPage.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
    await person.close();

    await page.reload();
    await expect(page.getByText('Used: the password was chosen')).toBeVisible();
  });

  test('a link older than 7 days says it expired and renews itself by email', async ({ page }) => {
    const email = pgEmail('late');
    expect(
      (await pgAccountsCli('create', '--email', email, '--name', 'Lena Late', '--role', 'client')).code,
    ).toBe(0);
    const [first] = await waitForMail(email);
    const oldLink = linkIn(first!);
    await sql`update one_time_tokens set created_at = now() - interval '8 days', expires_at = now() - interval '1 day'
              where user_id = (select id from users where email = ${email})`;

    await page.goto(oldLink);
    await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
    await page.getByRole('button', { name: 'Send me a new link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'A new link is on its way' })).toBeVisible();

    const mails = await waitForMail(email, 2);
    const newLink = mails.map((m) => linkIn(m)).find((l) => l !== oldLink)!;
    expect(newLink).not.toBe(oldLink);
    await page.goto(newLink);
    await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('Type the new password again').fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(page).toHaveURL(/\/account$/);
  });

  test('resending from the account page replaces the link at once', async ({ page, browser }) => {
    await staffMember(page, 'application_manager', 'Mira Manager');
    const email = pgEmail('resend');
    expect(
      (await pgAccountsCli('create', '--email', email, '--name', 'Rob Resend', '--role', 'client')).code,
    ).toBe(0);
    const [first] = await waitForMail(email);
    const [row] = await sql`select id from users where email = ${email}`;
    await page.goto(`/admin/accounts/${row!.id}`);
    await page.getByRole('button', { name: 'Resend welcome email' }).click();
    await expect(page.getByText('A new welcome email is on its way')).toBeVisible();
    const mails = await waitForMail(email, 2);
    const newest = mails.find((m) => linkIn(m) !== linkIn(first!))!;

    const person = await (await browser.newContext()).newPage();
    await person.goto(linkIn(first!));
    await expect(person.getByRole('heading', { name: 'This link has been replaced' })).toBeVisible();
    await person.goto(linkIn(newest));
    await expect(person.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  });

  test('the form refuses a duplicate email, asks about a domain typo, and a counselor creates only their own clients', async ({
    page,
  }) => {
    const counselor = await staffMember(page, 'counselor', 'Coen Counselor');
    const taken = pgEmail('taken');
    expect(
      (await pgAccountsCli('create', '--email', taken, '--name', 'Taken', '--role', 'client')).code,
    ).toBe(0);

    await page.goto('/admin/accounts/new');
    await expect(page.getByLabel('Role')).toHaveText('Client');
    await page.getByLabel('Name').fill('Typo Person');
    await page.getByLabel('Email address').fill('typo.person@gmial.com');
    // The submit asks about the likely typo, on purpose, and saves nothing yet.
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    await expect(page.getByRole('group', { name: 'Did you mean typo.person@gmail.com?' })).toBeFocused();
    await expect(page.getByRole('button', { name: 'Use typo.person@gmail.com' })).toBeVisible();

    // Typing another address instead and submitting checks that one.
    await page.getByLabel('Email address').fill(taken);
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    // A counselor may see only their own clients: a neutral answer, not "this address has an account" (ASVS 8.2.2).
    await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Ask the helpdesk/);

    const own = pgEmail('own.client');
    await page.getByLabel('Email address').fill(own);
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Account created' })).toBeVisible();
    const [row] =
      await sql`select c.email as counselor from users u join users c on c.id = u.counselor_id where u.email = ${own}`;
    expect(row?.counselor).toBe(counselor.email);
    await expect(formAlert(page)).toHaveCount(0);
  });

  test('a client cannot reach the console, and replaying the create-account action as a client writes nothing', async ({
    page,
    browser,
  }) => {
    // A staff page gives us the real server action (its hidden fields), as an attacker could copy it.
    const staffContext = await browser.newContext();
    await staffMember(await staffContext.newPage(), 'helpdesk', 'Sam Staff');
    const html = await (await staffContext.request.get('/admin/accounts/new')).text();
    // The page also holds the sign-out form: take the one with the email field.
    const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
      .map((m) => m[1]!)
      .find((f) => f.includes('name="email"'))!;
    const hidden: Record<string, string> = {};
    for (const m of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
      hidden[m[1]!] = (m[2] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    }
    expect(Object.keys(hidden).some((k) => k.startsWith('$ACTION'))).toBe(true);
    // Control: the same replay by the staff member does create an account, so the replay is real.
    const control = pgEmail('replay.control');
    await staffContext.request.post('/admin/accounts/new', {
      headers: { origin: PG_ORIGIN },
      multipart: { ...hidden, name: 'Control', email: control, role: 'client' },
    });
    expect(await sql`select 1 from users where email = ${control}`).toHaveLength(1);
    await staffContext.close();

    const email = pgEmail('client.forger');
    expect(
      (await pgAccountsCli('create', '--email', email, '--name', 'Fay Forger', '--role', 'client')).code,
    ).toBe(0);
    const [mail] = await waitForMail(email);
    await choosePassword(page, linkIn(mail!));
    await expect(page).toHaveURL(/\/account$/);
    await page.goto('/admin/accounts/new');
    await expect(page).toHaveURL(/\/account$/);

    const forged = pgEmail('forged');
    const response = await page.request.post('/admin/accounts/new', {
      headers: { origin: PG_ORIGIN },
      multipart: { ...hidden, name: 'Forged', email: forged, role: 'application_manager' },
    });
    expect(response.status()).toBeLessThan(500);
    expect(await sql`select 1 from users where email = ${forged}`).toHaveLength(0);
  });
});
