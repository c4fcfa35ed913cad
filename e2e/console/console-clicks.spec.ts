import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { choosePassword, createActive, createInvited, signIn, uniqueEmail } from '../support/accounts';

/** A unique address at a misspelt domain, and what the question suggests for it. */
function typoAddress(prefix: string) {
  const local = uniqueEmail(prefix).split('@')[0]!;
  return { typed: `${local}@gmial.com`, suggested: `${local}@gmail.com` };
}

async function fillNewAccount(page: Page, name: string, email: string) {
  await page.goto('/admin/accounts/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email address').fill(email);
}

test.describe('the console answers every click', () => {
  let helpdesk: { email: string; password: string };
  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    helpdesk = await createActive(page, { role: 'helpdesk', name: 'Hester Helpdesk' });
    await page.close();
  });

  test('one click with a typo in the address asks "Did you mean …?" on purpose; both answers create the account', async ({
    page,
  }) => {
    await signIn(page, helpdesk.email, helpdesk.password);
    await expect(page).toHaveURL(/\/admin$/);

    // Typed, then straight to the button with the mouse: the click is answered, not lost.
    const first = typoAddress('anna');
    await fillNewAccount(page, 'Anna Tikfout', first.typed);
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    const question = page.getByRole('group', { name: `Did you mean ${first.suggested}?` });
    await expect(question).toBeFocused();
    await question.getByRole('button', { name: `Keep what I typed (${first.typed})` }).click();
    await expect(page.getByRole('status')).toContainText(
      `The welcome email to ${first.typed} is on its way.`,
    );

    const second = typoAddress('bram');
    await fillNewAccount(page, 'Bram Tikfout', second.typed);
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    await page.getByRole('button', { name: `Use ${second.suggested}` }).click();
    await expect(page.getByRole('status')).toContainText(
      `The welcome email to ${second.suggested} is on its way.`,
    );

    // A correct address is created by the first click, without a question.
    const plain = uniqueEmail('carla');
    await fillNewAccount(page, 'Carla Goed', plain);
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    await expect(page.getByRole('status')).toContainText(`The welcome email to ${plain} is on its way.`);
  });

  test('without JavaScript the server asks the same question and keeps what was typed', async ({
    page,
    browser,
  }) => {
    await signIn(page, helpdesk.email, helpdesk.password);
    await expect(page).toHaveURL(/\/admin$/);
    const noJs = await browser.newContext({
      javaScriptEnabled: false,
      storageState: await page.context().storageState(),
    });
    const plain = await noJs.newPage();
    const address = typoAddress('dirk');
    await fillNewAccount(plain, 'Dirk Zonderscript', address.typed);
    await plain.getByRole('button', { name: 'Create account and send welcome email' }).click();
    const question = plain.getByRole('group', { name: `Did you mean ${address.suggested}?` });
    await expect(question).toBeVisible();
    await expect(plain.getByLabel('Name')).toHaveValue('Dirk Zonderscript');
    await question.getByRole('button', { name: `Use ${address.suggested}` }).click();
    await expect(plain.getByRole('status')).toContainText(
      `The welcome email to ${address.suggested} is on its way.`,
    );
    await noJs.close();
  });

  test('the whole search result row opens the account, by mouse on the email and by keyboard; correcting the address asks about a typo', async ({
    page,
  }) => {
    const person = uniqueEmail('rij');
    await signIn(page, helpdesk.email, helpdesk.password);
    await expect(page).toHaveURL(/\/admin$/);
    await fillNewAccount(page, 'Roos Rijklik', person);
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    await expect(page.getByRole('status')).toContainText(person);

    const search = async () => {
      await page.goto('/admin');
      await page.getByLabel('Search').fill(person);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect(page.getByRole('row')).toHaveCount(2);
    };
    await search();
    // A click on the email cell, where a person clicks: the row's link covers the cell
    // (Playwright's own click refuses it precisely because the link intercepts it).
    const cell = await page.getByRole('cell', { name: person }).boundingBox();
    await page.mouse.click(cell!.x + cell!.width / 2, cell!.y + cell!.height / 2);
    await expect(page.getByRole('heading', { level: 1, name: 'Roos Rijklik' })).toBeVisible();

    await search();
    await page.getByRole('button', { name: 'Search', exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Roos Rijklik' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Roos Rijklik' })).toBeVisible();

    // Correcting the address asks about a likely typo the same way.
    const typo = typoAddress('roos');
    await page.getByLabel('Email address').fill(typo.typed);
    await page.getByRole('button', { name: 'Save email address' }).click();
    const question = page.getByRole('group', { name: `Did you mean ${typo.suggested}?` });
    await expect(question).toBeFocused();
    await question.getByRole('button', { name: `Keep what I typed (${typo.typed})` }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The email address is corrected.' }),
    ).toBeVisible();
  });

  test('the product has an icon: /favicon.ico and the linked icon answer with images, no page logs an error', async ({
    page,
    request,
  }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    await page.goto('/login');
    await page.goto('/help');
    const ico = await request.get('/favicon.ico');
    expect(ico.status()).toBe(200);
    expect(ico.headers()['content-type']).toMatch(/^image\//);
    const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute('href');
    const svg = await request.get(href!);
    expect(svg.status()).toBe(200);
    expect(svg.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(errors).toEqual([]);
  });
});

async function expectNoAxeViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `${label}: axe violations`).toEqual([]);
}

test("the dashboard counts a counselor's own clients made in the test, and is axe clean in English and Dutch", async ({
  page,
  browser,
}) => {
  test.slow(); // accounts made through the command line, and three axe runs
  const counselor = await createActive(page, { role: 'counselor', name: 'Cora Dashboard' });
  const first = await createInvited({ counselor: counselor.email, name: 'Daan Dashboard' });
  await createInvited({ counselor: counselor.email, name: 'Dina Dashboard' });
  await choosePassword(page, first.link);
  await expect(page).toHaveURL(/\/account$/);
  await page.context().clearCookies();
  // One failed sign-in of a client of hers.
  await signIn(page, first.email, 'not-the-right-password-9');
  await expect(page.locator('.alert[role="alert"]')).toBeVisible();

  await signIn(page, counselor.email, counselor.password);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Your clients at a glance' })).toBeVisible();
  const thisWeek = page
    .getByRole('table', { name: 'Invitations sent, activated and expired per week, last 8 weeks' })
    .getByRole('row')
    .last();
  await expect(thisWeek.getByRole('cell')).toHaveText(['2', '1', '0']);
  await expect(page.getByText(/^Activation rate: 100%/)).toBeVisible();
  const today = page
    .getByRole('table', { name: 'Failed sign-ins per day, last 14 days' })
    .getByRole('row')
    .last();
  await expect(today.getByRole('cell')).toHaveText(['1']);
  await expect(page.getByRole('heading', { name: 'No expired invitations (last 8 weeks)' })).toBeVisible();
  await expectNoAxeViolations(page, 'dashboard (en)');

  const dutch = await browser.newContext({
    locale: 'nl-NL',
    storageState: await page.context().storageState(),
  });
  const nl = await dutch.newPage();
  await nl.goto('/admin');
  await expect(nl.getByRole('heading', { level: 2, name: 'Uw cliënten in één oogopslag' })).toBeVisible();
  await expect(nl.locator('html')).toHaveAttribute('lang', 'nl');
  await expectNoAxeViolations(nl, 'dashboard (nl)');
  await dutch.close();
});
