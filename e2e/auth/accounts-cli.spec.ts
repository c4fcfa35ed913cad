import { expect, test } from '@playwright/test';
import { accountsCli, createInvited, uniqueEmail } from '../support/accounts';
import { EMBEDDED_ORIGIN } from '../support/ports';

test.describe('the accounts command line while the app is running', () => {
  // Each command is a new Node process compiling the CLI with tsx (about 2 s alone, 10 s and
  // more on a loaded 2-core machine); the first test runs six of them.
  test.slow();
  test('create, list, deactivate and reactivate go through the running app', async ({ page }) => {
    const counselor = await createInvited({ role: 'counselor', name: 'Cora Counselor' });
    const email = uniqueEmail('client');
    const created = await accountsCli(
      'create',
      '--email',
      email.toUpperCase(),
      '--name',
      'Carl Client',
      '--role',
      'client',
      '--counselor',
      counselor.email,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('status: invited');
    const link = new RegExp(`${EMBEDDED_ORIGIN}/welcome\\?token=\\S+`).exec(created.stdout)?.[0];
    expect(link).toBeTruthy();

    // The app sees the account the command line made: the link works in the browser at once.
    await page.goto(link!);
    await expect(page.getByText(email)).toBeVisible();

    const listed = await accountsCli('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(
        `${email.replace(/[.+]/g, '\\$&')}\\tclient\\tinvited\\tCarl Client\\tcounselor: ${counselor.email.replace(/[.+]/g, '\\$&')}`,
      ),
    );

    expect((await accountsCli('deactivate', '--email', email)).code).toBe(0);
    expect((await accountsCli('list')).stdout).toMatch(
      new RegExp(`${email.replace(/[.+]/g, '\\$&')}\\tclient\\tdeactivated`),
    );
    await page.goto(link!);
    await expect(page.getByRole('heading', { name: 'This account is deactivated' })).toBeVisible();

    const reactivated = await accountsCli('reactivate', '--email', email);
    expect(reactivated.code).toBe(0);
    expect(reactivated.stdout).toMatch(/New set-password link/);
  });

  test('bad arguments print usage and exit non-zero, writing nothing', async () => {
    const before = (await accountsCli('list')).stdout;
    const cases: string[][] = [
      [],
      ['frobnicate'],
      ['create', '--email', 'not-an-email', '--name', 'X', '--role', 'client'],
      ['create', '--email', uniqueEmail(), '--name', 'X', '--role', 'superuser'],
      ['create', '--email', uniqueEmail(), '--role', 'client'],
      ['create', '--email', uniqueEmail(), '--name', 'X', '--role', 'client', '--bogus', '1'],
      ['deactivate'],
    ];
    for (const args of cases) {
      const result = await accountsCli(...args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toContain('Usage: npm run accounts');
    }
    const missing = await accountsCli(
      'create',
      '--email',
      uniqueEmail(),
      '--name',
      'X',
      '--role',
      'client',
      '--counselor',
      uniqueEmail('nobody'),
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('No counselor account');
    expect((await accountsCli('list')).stdout).toBe(before);
  });

  test('a duplicate email is refused', async () => {
    const { email } = await createInvited();
    const again = await accountsCli('create', '--email', email, '--name', 'Again', '--role', 'client');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });
});
