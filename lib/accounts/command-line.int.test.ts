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
});
