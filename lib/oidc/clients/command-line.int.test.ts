import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, oidcClients } from '@/lib/db/schema';
import { runClientsCommand } from './command-line';

const name = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 10)}`;

// Opening (and migrating) the test database is the hook's work, not the first test's.
beforeAll(async () => {
  await getDb();
});

describe('clients command line', () => {
  it('add --json prints exactly {"client_id","client_secret"}; only the secret’s hash is kept; audited as the command line', async () => {
    const out = await runClientsCommand([
      'add',
      '--name',
      name('Cli app'),
      '--redirect-uri',
      'https://app.example/callback',
      '--redirect-uri',
      'http://localhost:3001/callback',
      '--json',
    ]);
    expect(out.code, out.stderr).toBe(0);
    const printed = JSON.parse(out.stdout) as { client_id: string; client_secret: string };
    expect(Object.keys(printed)).toEqual(['client_id', 'client_secret']);
    const db = await getDb();
    const [row] = await db.select().from(oidcClients).where(eq(oidcClients.clientId, printed.client_id));
    expect(row!.redirectUris).toEqual(['https://app.example/callback', 'http://localhost:3001/callback']);
    expect(JSON.stringify(row)).not.toContain(printed.client_secret);
    expect(row!.secretHash).toBe(createHash('sha256').update(printed.client_secret).digest('hex'));
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, 'oidc.client_created'));
    const mine = audit.find((a) => (a.details as { clientId?: string }).clientId === printed.client_id);
    expect(mine?.details).toMatchObject({ via: 'command line' });
    expect(JSON.stringify(mine)).not.toContain(printed.client_secret);
  });

  it('a public client has a null secret and nothing to rotate', async () => {
    const out = await runClientsCommand([
      'add',
      '--name',
      name('Spa'),
      '--redirect-uri',
      'https://spa.example/cb',
      '--public',
      '--json',
    ]);
    const printed = JSON.parse(out.stdout) as { client_id: string; client_secret: null };
    expect(printed.client_secret).toBeNull();
    const rotate = await runClientsCommand(['rotate-secret', '--client-id', printed.client_id]);
    expect(rotate.code).toBe(1);
    expect(rotate.stderr).toMatch(/public client/);
  });

  it('rotate-secret prints a new secret once; remove removes; list never shows a secret', async () => {
    const added = JSON.parse(
      (
        await runClientsCommand([
          'add',
          '--name',
          name('Rotating'),
          '--redirect-uri',
          'https://r.example/cb',
          '--json',
        ])
      ).stdout,
    ) as { client_id: string; client_secret: string };
    const rotated = await runClientsCommand(['rotate-secret', '--client-id', added.client_id, '--json']);
    const next = JSON.parse(rotated.stdout) as { client_id: string; client_secret: string };
    expect(next.client_id).toBe(added.client_id);
    expect(next.client_secret).not.toBe(added.client_secret);
    const list = await runClientsCommand(['list', '--json']);
    expect(list.stdout).toContain(added.client_id);
    expect(list.stdout).not.toContain(next.client_secret);
    expect((await runClientsCommand(['remove', '--client-id', added.client_id])).code).toBe(0);
    const again = await runClientsCommand(['remove', '--client-id', added.client_id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('No application with client id');
  });

  it.each([
    [['add', '--name', 'x', '--redirect-uri', 'http://example.com/cb'], 1, /--redirect-uri: .*https/],
    [['add', '--name', 'x', '--redirect-uri', 'https://a.example/cb#frag'], 1, /--redirect-uri/],
    [['add', '--name', 'x'], 1, /at least one --redirect-uri/],
    [['add', '--redirect-uri', 'https://a.example/cb'], 1, /--name: a name is required/],
    [
      ['add', '--name', 'x', '--redirect-uri', 'https://a.example/cb', '--client-id', 'y'],
      2,
      /does not take --client-id/,
    ],
    [['add', '--nope'], 2, /Unknown option/],
    [['rotate-secret'], 2, /needs --client-id/],
    [['frobnicate'], 2, /Unknown command: frobnicate/],
  ])('bad input %j: exit %i with a clear message, nothing printed to stdout', async (argv, code, message) => {
    const db = await getDb();
    const before = (await db.select().from(oidcClients)).length;
    const out = await runClientsCommand(argv);
    expect(out.code).toBe(code);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
    expect((await db.select().from(oidcClients)).length).toBe(before);
  });
});
