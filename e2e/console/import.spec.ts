import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { accountsCli, choosePassword, createInvited, uniqueEmail } from '../support/accounts';
import { EMBEDDED_ORIGIN } from '../support/ports';

async function expectNoViolations(page: Page, label: string) {
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `${label}: axe violations`).toEqual([]);
}

/**
 * A clinic of 200 people as Dutch Excel saves it (BOM, semicolons, CRLF, a quoted name),
 * with five kinds of bad row at known lines (the header is line 1).
 */
function clinicFile(counselorEmail: string) {
  const stamp = Date.now().toString(36);
  const email = (i: number) => `clinic.${stamp}.${i}@example.org`;
  const lines = Array.from({ length: 200 }, (_, i) => {
    const line = i + 2;
    if (line === 10) return `Ongeldig Adres;not-an-address;client;;nl`;
    if (line === 20) return `Dubbel;${email(3)};client;;`;
    if (line === 30) return `Tikfout;tikfout.${stamp}@gmial.com;client;;`;
    if (line === 40) return `Rol Onbekend;${email(line)};baas;;`;
    if (line === 50) return `Geen Behandelaar;${email(line)};client;nobody.${stamp}@example.org;`;
    return `"Persoon ${line}, de";${email(line)};${line % 2 ? 'Cliënt' : 'client'};${line % 3 ? counselorEmail : ''};${line % 5 ? 'nl' : ''}`;
  });
  const text = `\uFEFFNaam;E-mail;Rol;E-mail behandelaar;Taal\r\n${lines.join('\r\n')}\r\n`;
  return { name: 'clinic.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8'), fixed: email(10) };
}

test('a manager imports a clinic: preview, fix one row, skip four, confirm, progress, results, re-upload', async ({
  page,
  browser,
}) => {
  // 200 accounts and their emails, and six axe runs (three pages, two languages) over tables
  // of 200 rows: about a minute on an idle machine, several on a loaded one.
  test.setTimeout(360_000);
  const counselor = await createInvited({ role: 'counselor', name: 'Cas Counselor' });
  // Choosing the password signs the manager in (on a busy machine the redirect takes a while).
  const manager = await createInvited({ role: 'application_manager', name: 'Mia Manager' });
  await choosePassword(page, manager.link);
  await expect(page).toHaveURL(/\/admin$/, { timeout: 30_000 });
  const file = clinicFile(counselor.email);

  await page.getByRole('link', { name: 'Import accounts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import accounts' })).toBeVisible();
  await expectNoViolations(page, 'upload page');

  // A file that is not CSV: a clear message in place (the route answers 415).
  await page.getByLabel('CSV file').setInputFiles({
    name: 'clinic.xlsx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, 0, 0]),
  });
  const refused = page.waitForResponse((r) => r.url().endsWith('/admin/accounts/import/upload'));
  await page.getByRole('button', { name: 'Upload and check' }).click();
  expect((await refused).status()).toBe(415);
  await expect(page.getByRole('alert').filter({ hasText: 'This is not a CSV file' })).toBeFocused();

  await page.getByLabel('CSV file').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check clinic.csv' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(
    '200 rows: 195 ready, 0 already have an account, 5 need a decision, 0 skipped.',
  );
  const problems = page.getByRole('region', { name: 'Rows that need a decision' });
  await expect(problems.getByRole('row')).toHaveCount(6);
  await expect(problems.getByText('This is not a valid email address.')).toBeVisible();
  await expect(problems.getByText('The same address as row 3.')).toBeVisible();
  await expect(problems.getByText(/^Did you mean tikfout\.\w+@gmail\.com\?$/)).toBeVisible();
  await expect(
    problems.getByText('Not a role: use client, counselor, helpdesk or application manager.'),
  ).toBeVisible();
  await expect(problems.getByText('No counselor account has this address.')).toBeVisible();
  await expect(page.getByLabel('Email address, row 10')).toHaveAttribute('aria-invalid', 'true');
  await expectNoViolations(page, 'preview');

  // Nothing is created while rows wait for a decision.
  await page.getByRole('button', { name: 'Create 195 accounts and send welcome emails' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '5 rows still need a decision' })).toBeVisible();

  await page.getByLabel('Email address, row 10').fill(file.fixed);
  for (const line of [20, 30, 40, 50]) await page.getByLabel(`Skip row ${line}`).check();
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByRole('status')).toHaveText(
    '200 rows: 196 ready, 0 already have an account, 0 need a decision, 4 skipped.',
  );

  await page.getByRole('button', { name: 'Create 196 accounts and send welcome emails' }).click();
  // Creating 196 accounts takes a few seconds on a busy machine; the button says so meanwhile.
  await expect(page.getByRole('heading', { level: 1, name: 'Import of clinic.csv' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText('196 created, 0 already had an account, 4 skipped.')).toBeVisible();
  const bar = page.getByRole('progressbar', { name: 'Welcome emails handled' });
  await expect(bar).toHaveAttribute('max', '196');
  // The dev mailbox takes the emails; the bar follows the outbox until all are sent.
  await expect(
    page.getByRole('status').filter({ hasText: 'Every welcome email has been handled.' }),
  ).toBeVisible({
    timeout: 60_000,
  });
  await expect(bar).toHaveAttribute('value', '196');
  await expect(page.getByRole('status')).toContainText(
    '196 of 196 welcome emails handled: 196 sent, 0 failed',
  );
  const results = page.getByRole('table');
  await expect(results.getByRole('row')).toHaveCount(201);
  const fixedRow = results.getByRole('row').filter({ hasText: file.fixed });
  await expect(fixedRow.getByRole('cell').nth(3)).toHaveText('Created');
  await expect(fixedRow.getByRole('cell').nth(4)).toHaveText('Sent');
  await expect(
    results.getByRole('row').filter({ hasText: 'Rol Onbekend' }).getByRole('cell').nth(3),
  ).toHaveText('Skipped');
  await expectNoViolations(page, 'results');
  await fixedRow.getByRole('link', { name: file.fixed }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ongeldig Adres' })).toBeVisible();

  // The same file again, without JavaScript and in Dutch: the preview is a plain form post,
  // and every address made before is "already has an account", so nothing is made twice.
  // (axe needs JavaScript, so a second Dutch tab with it checks the same pages.)
  const storageState = await page.context().storageState();
  const noScript = await browser.newContext({ javaScriptEnabled: false, locale: 'nl-NL', storageState });
  const dutch = await browser.newContext({ locale: 'nl-NL', storageState });
  const plain = await noScript.newPage();
  const axePage = await dutch.newPage();
  await plain.goto(`${EMBEDDED_ORIGIN}/admin/accounts/import`);
  await expect(plain.getByRole('heading', { level: 1, name: 'Accounts importeren' })).toBeVisible();
  await plain.getByLabel('CSV-bestand').setInputFiles(file);
  await plain.getByRole('button', { name: 'Uploaden en controleren' }).click();
  await expect(plain.getByRole('heading', { level: 1, name: 'Controleer clinic.csv' })).toBeVisible();
  await expect(plain.getByRole('status')).toHaveText(
    '200 regels: 0 klaar, 196 hebben al een account, 4 vragen een beslissing, 0 overgeslagen.',
  );
  await axePage.goto(`${EMBEDDED_ORIGIN}/admin/accounts/import`);
  await expectNoViolations(axePage, 'upload page (nl)');
  await axePage.goto(plain.url());
  await expect(axePage.getByRole('heading', { level: 1, name: 'Controleer clinic.csv' })).toBeVisible();
  await expectNoViolations(axePage, 'preview (nl)');
  for (const line of [10, 30, 40, 50]) await plain.getByLabel(`Regel ${line} overslaan`).check();
  await plain.getByRole('button', { name: 'Opnieuw controleren' }).click();
  await expect(plain.getByRole('status')).toHaveText(
    '200 regels: 0 klaar, 196 hebben al een account, 0 vragen een beslissing, 4 overgeslagen.',
  );
  await plain.getByRole('button', { name: '0 accounts aanmaken en welkomstmails versturen' }).click();
  await expect(plain.getByText('0 aangemaakt, 196 hadden al een account, 4 overgeslagen.')).toBeVisible();
  await axePage.reload();
  await expect(axePage.getByRole('heading', { level: 1, name: 'Import van clinic.csv' })).toBeVisible();
  await expectNoViolations(axePage, 'results (nl)');
  await dutch.close();

  // Without JavaScript a file that is not CSV gets a page that says why, with a 4xx.
  await plain.goto(`${EMBEDDED_ORIGIN}/admin/accounts/import`);
  await plain
    .getByLabel('CSV-bestand')
    .setInputFiles({ name: 'leeg.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  const empty = plain.waitForResponse((r) => r.url().endsWith('/admin/accounts/import/upload'));
  await plain.getByRole('button', { name: 'Uploaden en controleren' }).click();
  expect((await empty).status()).toBe(422);
  await expect(
    plain.getByRole('heading', { level: 1, name: 'Het bestand kon niet worden gelezen' }),
  ).toBeVisible();
  await expect(plain.getByText('Het bestand is leeg.')).toBeVisible();
  await noScript.close();
});

test('the command line imports the same way while the app runs', async () => {
  test.slow(); // three runs of the command line, each starting tsx
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-import-'));
  const csv = path.join(dir, 'team.csv');
  const [a, b] = [uniqueEmail('team'), uniqueEmail('team')];
  fs.writeFileSync(csv, `name,email,role\nTeam A,${a},helpdesk\nTeam B,${b},client\n`);
  const dry = await accountsCli('import', csv, '--dry-run');
  expect(dry.code, dry.stderr).toBe(0);
  expect(dry.stdout).toContain('team.csv: 2 rows: 2 ready, 0 already have an account, 0 with problems.');
  const imported = await accountsCli('import', csv);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain('Created 2 account(s)');
  const again = await accountsCli('import', csv);
  expect(again.stdout).toContain(
    'Created 0 account(s) and queued their welcome emails; 2 already had an account',
  );
});
