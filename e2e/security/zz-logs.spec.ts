/** Runs after the rest of the suite (file order): the server's whole output so far is searched. */
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_LOG_DIR } from '../../playwright.config';
import { choosePassword, createInvited, GOOD_PASSWORD, signIn } from '../support/accounts';

test('ASVS 16.2.5: no password or link token reaches the server logs', async ({ page }) => {
  const secretPassword = 'log-canary-Otter-Quasar-Mango-93';
  const { email, link } = await createInvited();
  const token = new URL(link).searchParams.get('token')!;
  await choosePassword(page, link, secretPassword);
  await expect(page).toHaveURL(/\/account$/);
  await page.context().clearCookies();
  await signIn(page, email, `${secretPassword}-wrong`);
  await signIn(page, email, secretPassword);
  await expect(page).toHaveURL(/\/account$/);

  const log = fs.readFileSync(`${E2E_LOG_DIR}/server.log`, 'utf8');
  expect(log.length).toBeGreaterThan(0);
  expect(log).toContain('Gatehouse is serving');
  for (const secret of [secretPassword, `${secretPassword}-wrong`, GOOD_PASSWORD, token])
    expect(log, 'a secret in the server log').not.toContain(secret);
  expect(log).not.toMatch(/token=[A-Za-z0-9_-]{20,}/);
  expect(log).not.toMatch(/\$argon2id\$/);
});
