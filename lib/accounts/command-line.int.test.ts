import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '@/lib/test/factories';
import { runAccountsCommand } from './command-line';

describe('accounts command', () => {
  it('creates, lists, deactivates and reactivates', async () => {
    const email = uniqueEmail('cli');
    const created = await runAccountsCommand([
      'create',
      '--email',
      email,
      '--name',
      'Cli Person',
      '--role',
      'helpdesk',
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Set-password link \(works once, until \d{4}-\d\d-\d\dT/);
    expect(created.stdout).toMatch(/http:\/\/localhost:3999\/welcome\?token=[A-Za-z0-9_-]{43}/);
    expect((await runAccountsCommand(['list'])).stdout).toContain(`${email}\thelpdesk\tinvited\tCli Person`);
    expect((await runAccountsCommand(['deactivate', '--email', email])).code).toBe(0);
    expect((await runAccountsCommand(['deactivate', '--email', email])).code).toBe(1);
    const back = await runAccountsCommand(['reactivate', '--email', email]);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/welcome\?token=/);
  });

  it('resends a welcome email with a new link, and refuses once a password was chosen', async () => {
    const email = uniqueEmail('resend');
    const first = await runAccountsCommand(['create', '--email', email, '--name', 'R', '--role', 'client']);
    const resent = await runAccountsCommand(['resend', '--email', email]);
    expect(resent.code).toBe(0);
    const link = (out: string) => /welcome\?token=([A-Za-z0-9_-]{43})/.exec(out)![1];
    expect(link(resent.stdout)).not.toBe(link(first.stdout));
    expect((await runAccountsCommand(['resend', '--email', uniqueEmail('nobody')])).code).toBe(1);
    expect((await runAccountsCommand(['resend'])).code).toBe(2);
  });

  it.each([
    [[]],
    [['nope']],
    [['create', '--email', 'bad', '--name', 'X', '--role', 'client']],
    [['create', '--email', 'a@example.org', '--name', '', '--role', 'client']],
    [['create', '--email', 'a@example.org', '--name', 'X', '--role', 'admin']],
    [
      [
        'create',
        '--email',
        'a@example.org',
        '--name',
        'X',
        '--role',
        'helpdesk',
        '--counselor',
        'c@example.org',
      ],
    ],
    [['list', '--unknown']],
    [['reactivate']],
  ])('prints usage and exits 2 for %j', async (argv) => {
    const out = await runAccountsCommand(argv);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('Usage: npm run accounts');
  });

  it('imports a CSV file: a dry run prints problems and creates nothing; a re-import creates nothing twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-import-'));
    const file = path.join(dir, 'clinic.csv');
    const [a, b] = [uniqueEmail('csv'), uniqueEmail('csv')];
    fs.writeFileSync(
      file,
      `\uFEFFname;email;role\r\nAnna;${a};client\r\nBen;${b};client\r\n;bad-address;boss\r\n`,
    );
    const dry = await runAccountsCommand(['import', file, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('clinic.csv: 3 rows: 2 ready, 0 already have an account, 1 with problems.');
    expect(dry.stdout).toContain('row 4: name: no name');
    expect(dry.stdout).toContain('row 4: email: not a valid email address');
    expect(dry.stdout).toContain('row 4: role: not a role');
    expect(dry.stdout).toContain('Dry run: nothing was created.');
    const refused = await runAccountsCommand(['import', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pass --skip-problems');
    expect((await runAccountsCommand(['list'])).stdout).not.toContain(a);

    const imported = await runAccountsCommand(['import', file, '--skip-problems']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      'Created 2 account(s) and queued their welcome emails; 0 already had an account; 1 skipped.',
    );
    expect((await runAccountsCommand(['list'])).stdout).toContain(`${a}\tclient\tinvited\tAnna`);
    const again = await runAccountsCommand(['import', file, '--skip-problems']);
    expect(again.stdout).toContain(
      'Created 0 account(s) and queued their welcome emails; 2 already had an account; 1 skipped.',
    );

    fs.writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x06, 0]));
    const binary = await runAccountsCommand(['import', file]);
    expect([binary.code, binary.stderr]).toEqual([1, expect.stringContaining('This is not a CSV file')]);
    expect((await runAccountsCommand(['import', path.join(dir, 'missing.csv')])).stderr).toContain('ENOENT');
    expect((await runAccountsCommand(['import'])).code).toBe(2);
    expect((await runAccountsCommand(['import', file, '--force'])).code).toBe(2);
  });
});
