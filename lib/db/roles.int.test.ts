/**
 * ASVS 16.4.2: the audit log cannot be altered by the role the app runs as. With
 * MIGRATION_DATABASE_URL (an owner role that migrates) beside DATABASE_URL (the app's role),
 * the app's role gets SELECT and INSERT on audit_events and nothing more.
 *
 * This file opens its own database with its own two roles, so every lib module is
 * imported only after the environment points at them.
 */
import { describe, expect, it, vi } from 'vitest';
import postgres from 'postgres';

const kind = process.env.GATEHOUSE_TEST_DB;

describe('ASVS 16.4.2 two database roles: the app role cannot alter the audit log', () => {
  it('is refused without PostgreSQL (the embedded database has no roles)', async () => {
    const { parseEnv, EnvError } = await import('@/lib/env');
    expect(() => parseEnv({ MIGRATION_DATABASE_URL: 'postgres://owner@127.0.0.1/db' })).toThrow(EnvError);
    expect(() => parseEnv({ MIGRATION_DATABASE_URL: 'postgres://owner@127.0.0.1/db' })).toThrow(
      /MIGRATION_DATABASE_URL needs DATABASE_URL/,
    );
  });

  it(
    kind === 'postgres' || kind === 'pgbouncer'
      ? 'on PostgreSQL: migrates as the owner, signs in as the app role, and the app role cannot UPDATE, DELETE, TRUNCATE, DISABLE TRIGGER or GRANT on audit_events'
      : 'on PGlite: one database, one process, no roles: MIGRATION_DATABASE_URL does not apply and the app runs as today',
    async () => {
      if (kind !== 'postgres' && kind !== 'pgbouncer') {
        const { env } = await import('@/lib/env');
        expect(env.embedded).toBe(true);
        expect(env.MIGRATION_DATABASE_URL).toBeUndefined();
        const { getDb } = await import('@/lib/db/client');
        const { verifyCredentials } = await import('@/lib/auth/verify-credentials');
        const { active } = await import('@/lib/test/factories');
        const person = await active();
        expect((await verifyCredentials({ email: person.email, password: person.password })).ok).toBe(true);
        expect(await getDb()).toBeDefined();
        return;
      }

      const suffix = `${Date.now()}_${process.pid}`;
      const owner = `gatehouse_owner_${suffix}`;
      const app = `gatehouse_app_${suffix}`;
      const database = `gatehouse_roles_${suffix}`;
      // Behind the pgbouncer project's pooler the owner migrates on PostgreSQL itself (as
      // DATABASE_POOLER=transaction requires) and the app role goes through the pooler.
      const direct = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL!;
      const superuser = postgres(direct, { max: 1, onnotice: () => {} });
      const urlFor = (role: string, through = process.env.DATABASE_URL!) => {
        const u = new URL(through);
        u.username = role;
        u.password = '';
        u.pathname = `/${database}`;
        return u.toString();
      };
      await superuser.unsafe(`create role ${owner} login`);
      await superuser.unsafe(`create role ${app} login`);
      await superuser.unsafe(`create database ${database} owner ${owner}`);
      await superuser.unsafe(`revoke all on database ${database} from public`);
      await superuser.unsafe(`grant connect on database ${database} to ${app}`);
      const asApp = postgres(urlFor(app), { max: 1, onnotice: () => {}, prepare: false });
      try {
        process.env.MIGRATION_DATABASE_URL = urlFor(owner, direct);
        process.env.DATABASE_URL = urlFor(app);
        vi.resetModules(); // env is parsed once per module load: load it again for these roles
        const { env } = await import('@/lib/env');
        expect(env.MIGRATION_DATABASE_URL).toBe(urlFor(owner, direct));
        const { getDb, closeDb } = await import('@/lib/db/client');
        await getDb(); // migrates as the owner, then connects as the app role

        // The sign-in path works as the app role (create, activate, sign in: reads, writes, audit inserts).
        const { verifyCredentials } = await import('@/lib/auth/verify-credentials');
        const { active } = await import('@/lib/test/factories');
        const person = await active();
        expect(
          (await verifyCredentials({ email: person.email, password: person.password, ip: '192.0.2.1' })).ok,
        ).toBe(true);
        expect(
          (await verifyCredentials({ email: person.email, password: 'not-the-password', ip: '192.0.2.1' }))
            .ok,
        ).toBe(false);
        await closeDb();

        const [audit] = await asApp<{ events: string }[]>`select count(*)::text as events from audit_events`;
        expect(Number(audit!.events)).toBeGreaterThan(0);
        const [table] = await asApp<
          { owner: string }[]
        >`select tableowner as owner from pg_tables where tablename = 'audit_events'`;
        expect(table!.owner).toBe(owner);

        // Refused by the missing privilege itself (not only by the append-only trigger).
        for (const statement of [
          `update audit_events set action = 'rewritten'`,
          `delete from audit_events`,
          `truncate audit_events`,
        ]) {
          await expect(asApp.unsafe(statement), statement).rejects.toMatchObject({
            code: '42501',
            message: expect.stringMatching(/permission denied/),
          });
        }
        await expect(
          asApp.unsafe(`alter table audit_events disable trigger audit_events_no_update_or_delete`),
        ).rejects.toMatchObject({
          code: '42501',
          message: expect.stringMatching(/must be owner/),
        });
        // GRANT without a grant option gives nothing away (PostgreSQL warns rather than fails).
        await asApp.unsafe(`grant update, delete, truncate on audit_events to public`).catch(() => undefined);
        await asApp.unsafe(`grant all on audit_events to ${app}`).catch(() => undefined);
        const [granted] = await asApp<
          { update: boolean; delete: boolean; truncate: boolean; publicUpdate: boolean }[]
        >`
          select has_table_privilege(current_user, 'audit_events', 'UPDATE') as update,
                 has_table_privilege(current_user, 'audit_events', 'DELETE') as delete,
                 has_table_privilege(current_user, 'audit_events', 'TRUNCATE') as truncate,
                 has_table_privilege('public', 'audit_events', 'UPDATE') as "publicUpdate"`;
        expect(granted).toEqual({ update: false, delete: false, truncate: false, publicUpdate: false });
        // What it needs, it has.
        const [can] = await asApp<{ select: boolean; insert: boolean }[]>`
          select has_table_privilege(current_user, 'audit_events', 'SELECT') as select, has_table_privilege(current_user, 'audit_events', 'INSERT') as insert`;
        expect(can).toEqual({ select: true, insert: true });
        await expect(asApp.unsafe(`select count(*) from audit_events`)).resolves.toBeDefined();
      } finally {
        await asApp.end();
        const { closeDb } = await import('@/lib/db/client');
        await closeDb();
        await superuser.unsafe(`drop database if exists ${database} with (force)`);
        await superuser.unsafe(`drop role if exists ${app}`);
        await superuser.unsafe(`drop role if exists ${owner}`);
        await superuser.end();
      }
    },
  );
});
