import { expect, test } from '@playwright/test';
import { linkIn, pgEmail, staffMember, waitForMail } from '../support/postgres-app';
import { SMTP_HTTP_PORT } from '../support/ports';

/** Makes the test SMTP server refuse this recipient at RCPT TO from now on, as a real one refuses a mailbox that does not exist. */
async function refuse(address: string, code: number, message: string) {
  const url = new URL(`http://127.0.0.1:${SMTP_HTTP_PORT}/refuse`);
  url.search = new URLSearchParams({ to: address, code: String(code), message }).toString();
  expect((await fetch(url, { method: 'POST' })).status).toBe(204);
}

test.describe('a welcome email the receiving server refuses (issue 30)', () => {
  test('the manager who made the account hears of it within seconds, the card explains it, and the corrected address gets a new link', async ({
    page,
  }) => {
    await staffMember(page, 'application_manager', 'Mila Manager');
    const typo = pgEmail('tpyo');
    await refuse(
      typo,
      550,
      `5.1.1 <${typo}>: Recipient address rejected: User unknown in virtual mailbox table`,
    );

    await page.goto('/admin/accounts/new');
    await page.getByLabel('Name').fill('Teun Typo');
    await page.getByLabel('Email address').fill(typo);
    await page.getByLabel('Role').selectOption({ label: 'Client' });
    await page.getByRole('button', { name: 'Create account and send welcome email' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Account created' })).toBeVisible();

    // On the page they are on, without reloading: the live notice, with what to do.
    const notice = page.getByRole('alert').filter({ hasText: 'An email did not arrive' });
    await expect(notice).toContainText(`The email to ${typo} (Teun Typo) did not arrive.`);
    await expect(notice).toContainText('this address does not exist: probably a typo');

    await notice.getByRole('link', { name: "Open Teun Typo's account" }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Teun Typo' })).toBeVisible();
    const card = page.getByRole('region', { name: 'The email did not arrive' });
    await expect(card).toContainText('Refused by the receiving server');
    await expect(card).toContainText(
      'The receiving server says this address does not exist: probably a typo',
    );
    await expect(card).toContainText('550 5.1.1');
    await expect(page.getByRole('cell', { name: /^Refused by the receiving server/ })).toBeVisible();

    // The account list marks it as well.
    await page.goto(`/admin?q=${encodeURIComponent(typo)}`);
    await expect(page.getByRole('cell', { name: /Email not delivered/ })).toBeVisible();

    // Corrected: a new welcome link goes to the right address, and the notice on the card is gone.
    await page.getByRole('link', { name: 'Teun Typo' }).click();
    const corrected = pgEmail('typo');
    await page.getByLabel('Email address').fill(corrected);
    await page.getByRole('button', { name: 'Save email address' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The email address is corrected' }),
    ).toBeVisible();
    const [welcome] = await waitForMail(corrected);
    linkIn(welcome!);
    await page.reload();
    await expect(page.getByRole('region', { name: 'The email did not arrive' })).toHaveCount(0);
  });

  test("the live notice's route answers staff only, and a bad time with a clear 400", async ({
    page,
    browser,
  }) => {
    const stranger = await browser.newContext();
    const anonymous = await stranger.request.get('/admin/refusals?since=2026-12-07T00:00:00Z', {
      maxRedirects: 0,
    });
    expect(anonymous.status()).toBe(403);
    await stranger.close();

    await staffMember(page, 'helpdesk', 'Hugo Helpdesk');
    const bad = await page.request.get('/admin/refusals?since=yesterday');
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toEqual({ error: 'since: expects an ISO time like 2026-12-07T23:30:00Z' });
    const fine = await page.request.get(
      `/admin/refusals?since=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(fine.status()).toBe(200);
    expect(await fine.json()).toEqual({ refusals: [] });
  });
});
