/**
 * Application managers register the platform's applications in the console (issue 27):
 * /admin/clients lists them, adds one (its secret shown once), edits its registration,
 * makes a new secret and removes it; bad input gets a message by the field; the helpdesk
 * does not get the page. The secrets shown are tried at the provider's token endpoint: a
 * right secret gets past client authentication (the made-up code is then refused as
 * invalid_grant), a wrong or old one is refused as invalid_client.
 */
import { expect, test } from '@playwright/test';
import { createActive, signIn } from '../support/accounts';
import { expectAxeClean } from '../support/axe';
import { clientsCli } from '../support/clients';
import { EMBEDDED_ORIGIN } from '../support/ports';

/** What the token endpoint says to this client id and secret (with a made-up code). */
async function tokenEndpointSays(clientId: string, secret: string): Promise<string> {
  const response = await fetch(`${EMBEDDED_ORIGIN}/oidc/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'made-up-code',
      redirect_uri: 'https://app.example.org/callback',
      code_verifier: 'a'.repeat(43),
    }),
  });
  expect(response.status).toBeLessThan(500);
  return ((await response.json()) as { error: string }).error;
}

async function listed(clientId: string) {
  const result = await clientsCli('list', '--json');
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as Record<string, unknown>[]).find((c) => c.client_id === clientId);
}

test('an application manager adds, edits, re-keys and removes an application in the console', async ({
  page,
}) => {
  const manager = await createActive(page, { role: 'application_manager', name: 'Amira Apps' });
  await signIn(page, manager.email, manager.password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Applications' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Applications' })).toBeVisible();
  await expectAxeClean(page, '/admin/clients');

  // Bad input: each problem by its field, what was typed kept, nothing registered.
  const name = `Care app ${Date.now()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page
    .getByLabel('Redirect URIs')
    .fill('http://app.example.org/callback\nhttps://app.example.org/cb#part');
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.getByRole('alert', { name: 'There is a problem' }).getByRole('link')).toHaveText([
    'Each address must be a full https address (http only on localhost), without a #part.',
  ]);
  await expect(page.getByLabel('Redirect URIs')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expectAxeClean(page, '/admin/clients with errors');
  await page.getByLabel('Name', { exact: true }).fill('');
  await page.getByLabel('Redirect URIs').fill('');
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.getByRole('alert', { name: 'There is a problem' }).getByRole('link')).toHaveText([
    'Give the application a name.',
    'Give at least one redirect URI.',
  ]);

  // Added: the id and the secret are shown this once, and the secret works.
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Redirect URIs').fill('https://app.example.org/callback');
  await page.getByRole('button', { name: 'Add application' }).click();
  const added = page.getByRole('status').filter({ hasText: `${name} is registered` });
  await expect(added).toBeVisible();
  const clientId = await added.getByLabel('Client id').inputValue();
  const secret = await added.getByLabel('Client secret').inputValue();
  expect(clientId).toMatch(/^[0-9a-f]{30}$/);
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(await tokenEndpointSays(clientId, secret)).toBe('invalid_grant');
  expect(await tokenEndpointSays(clientId, `${secret.slice(0, -1)}x`)).toBe('invalid_client');
  expect(await listed(clientId)).toMatchObject({ name, public: false, first_party: false });
  // The list shows it, and never a secret.
  await page.goto('/admin/clients');
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText(clientId);
  expect(await page.content()).not.toContain(secret);

  // The same name again is refused by the name field.
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Redirect URIs').fill('https://other.example.org/callback');
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.getByRole('alert', { name: 'There is a problem' })).toContainText(
    'An application with this name exists already.',
  );

  // Edit: a second redirect URI, first party.
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expectAxeClean(page, '/admin/clients/[id]');
  await page
    .getByLabel('Redirect URIs')
    .fill('https://app.example.org/callback\nhttps://app.example.org/callback2');
  await page.getByLabel(/^One of the platform.s own applications/).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();
  expect(await listed(clientId)).toMatchObject({
    first_party: true,
    redirect_uris: ['https://app.example.org/callback', 'https://app.example.org/callback2'],
  });
  await page.getByLabel('Redirect URIs').fill('ftp://app.example.org/');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert', { name: 'There is a problem' })).toContainText(
    'Each address must be a full https address',
  );
  expect((await listed(clientId))?.redirect_uris).toHaveLength(2);

  // A new secret: asked to confirm, shown once; the old one stops working at once.
  await page.getByRole('button', { name: 'Make a new secret' }).click();
  const dialog = page.getByRole('dialog', { name: `Make a new secret for ${name}?` });
  await dialog.getByRole('button', { name: 'Yes, go on' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'New secret made.' })).toBeVisible();
  const newSecret = await page.getByLabel('Client secret').inputValue();
  expect(newSecret).not.toBe(secret);
  expect(await tokenEndpointSays(clientId, secret)).toBe('invalid_client');
  expect(await tokenEndpointSays(clientId, newSecret)).toBe('invalid_grant');

  // Removed: back to the list, which says so; the provider no longer knows the client.
  await page.getByRole('button', { name: 'Remove application' }).click();
  await page
    .getByRole('dialog', { name: `Remove ${name}?` })
    .getByRole('button', { name: 'Yes, go on' })
    .click();
  await expect(page).toHaveURL(/\/admin\/clients\?removed=/);
  await expect(page.getByRole('status').filter({ hasText: `${name} is removed.` })).toBeVisible();
  await expect(page.getByRole('link', { name })).toHaveCount(0);
  expect(await listed(clientId)).toBeUndefined();
  expect(await tokenEndpointSays(clientId, newSecret)).toBe('invalid_client');

  // An unknown application's page is a 404, not an error.
  const gone = await page.goto(`/admin/clients/${clientId}`);
  expect(gone?.status()).toBe(404);
});

test('a public application gets no secret; the helpdesk has no applications page', async ({ page }) => {
  const manager = await createActive(page, { role: 'application_manager', name: 'Abe Apps' });
  await signIn(page, manager.email, manager.password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/clients');
  const name = `Mobile app ${Date.now()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Redirect URIs').fill('http://localhost:8123/callback');
  await page.getByLabel('Public application', { exact: false }).check();
  await page.getByRole('button', { name: 'Add application' }).click();
  const added = page.getByRole('status').filter({ hasText: `${name} is registered` });
  await expect(added).toContainText('A public application has no secret');
  await expect(added.getByLabel('Client secret')).toHaveCount(0);
  const clientId = await added.getByLabel('Client id').inputValue();
  expect(await listed(clientId)).toMatchObject({ public: true });
  await page.goto(`/admin/clients/${clientId}`);
  await expect(page.getByText('A public application has no secret.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Make a new secret' })).toHaveCount(0);
  const result = await clientsCli('remove', '--client-id', clientId);
  expect(result.code, result.stderr).toBe(0);

  await page.context().clearCookies();
  const helpdesk = await createActive(page, { role: 'helpdesk', name: 'Hugo Helpdesk' });
  await signIn(page, helpdesk.email, helpdesk.password);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(
    page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Applications' }),
  ).toHaveCount(0);
  await page.goto('/admin/clients');
  await expect(page).toHaveURL(/\/admin$/);
});
