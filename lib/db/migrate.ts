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
 */
export async function migratePostgresUrl(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end();
  }
}

export async function migratePgliteDatabase(db: PgliteDatabase<Record<string, unknown>>): Promise<void> {
  // One process owns the embedded database (see embedded-lock.ts), so no lock is needed.
  await migratePglite(db, { migrationsFolder });
}
