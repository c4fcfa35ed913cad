import path from 'node:path';
import postgres from 'postgres';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';

export const migrationsFolder = path.join(process.cwd(), 'drizzle');

/** An arbitrary constant: the advisory lock key that serialises migrations across app instances. */
const MIGRATION_LOCK_KEY = 7_234_001;

/**
 * Applies pending migrations to PostgreSQL. Several instances may start at once: a session
 * advisory lock on a single dedicated connection lets one migrate while the others wait.
 *
 * With two roles (`url` the owner from MIGRATION_DATABASE_URL, `appUrl` the app's role from
 * DATABASE_URL), the owner then grants the app's role what it needs and no more, on every
 * start, so tables added by later migrations are covered too: reading and writing the
 * app's tables, but only SELECT and INSERT on audit_events. Not being the owner, the app's
 * role cannot alter, disable the triggers of, or grant anything on any table.
 */
export async function migratePostgresUrl(url: string, appUrl: string = url): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    if (appUrl !== url) await grantAppRole(client, await roleOf(appUrl));
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end();
  }
}

async function roleOf(url: string): Promise<string> {
  // `url` may be a transaction pooler (DATABASE_POOLER): one unnamed statement, nothing kept.
  const client = postgres(url, { max: 1, onnotice: () => {}, prepare: false });
  try {
    const [row] = await client<{ role: string }[]>`select current_user as role`;
    return row!.role;
  } finally {
    await client.end();
  }
}

async function grantAppRole(owner: postgres.Sql, appRole: string): Promise<void> {
  const [me] = await owner<{ role: string }[]>`select current_user as role`;
  if (me!.role === appRole) return; // one role after all: nothing to split
  const app = owner(appRole);
  await owner`grant usage on schema public to ${app}`;
  await owner`grant select, insert, update, delete on all tables in schema public to ${app}`;
  await owner`grant usage, select on all sequences in schema public to ${app}`;
  // The history is append-only: the app may add to it and read it, nothing else.
  await owner`revoke all on audit_events from ${app}`;
  await owner`grant select, insert on audit_events to ${app}`;
}

export async function migratePgliteDatabase(db: PgliteDatabase<Record<string, unknown>>): Promise<void> {
  // One process owns the embedded database (see embedded-lock.ts), so no lock is needed.
  await migratePglite(db, { migrationsFolder });
}
