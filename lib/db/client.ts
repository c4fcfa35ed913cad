/**
 * The database, one per process.
 *
 * - DATABASE_URL set: PostgreSQL through postgres-js (migrated as MIGRATION_DATABASE_URL's
 *   owner role when set, see migrate.ts).
 * - otherwise: PGlite persisted in DATA_DIR/pglite, opened only after taking the
 *   embedded lock (see embedded-lock.ts).
 *
 * Kept on globalThis because Next bundles route handlers and pages separately: a module
 * variable would give two PGlite instances in one process that do not see each other.
 * Migrations run once, before the first query of the process.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import 'server-only';
import path from 'node:path';
import fs from 'node:fs';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { env } from '@/lib/env';
import * as schema from './schema';
import type { Db } from './types';
import { acquireLockWaiting } from './embedded-lock';
import { migratePgliteDatabase, migratePostgresUrl } from './migrate';

interface Opened {
  db: Db;
  kind: 'postgres' | 'pglite';
  close: () => Promise<void>;
}

const globalForDb = globalThis as unknown as { __gatehouseDb?: Promise<Opened> };

export function embeddedDataDir(): string {
  return path.resolve(env.DATA_DIR);
}

async function openPostgres(url: string): Promise<Opened> {
  // Migrations run as the owner role when there is one (MIGRATION_DATABASE_URL); the app runs as DATABASE_URL.
  await migratePostgresUrl(env.MIGRATION_DATABASE_URL ?? url, url);
  const prepared = env.DATABASE_PREPARED_STATEMENTS;
  // Off, nothing is named at all (postgres-js's own `prepare: false` also covers its tagged
  // templates), so no statement depends on the server connection a pooler hands out.
  // A database that does not answer (failover, a dropped network) fails a request within
  // 15 s, so people get the 503 page well before nginx's 60 s read timeout turns it into a
  // 504 (postgres-js waits 30 s by default). Not less: on a loaded 2-core machine a burst of
  // 50 new connections took over 5 s to be accepted (lib/accounts/password-reset.int.test.ts).
  const client = postgres(url, {
    max: env.DATABASE_POOL_SIZE,
    onnotice: () => {},
    prepare: prepared,
    connect_timeout: 15,
  });
  if (prepared) preparedByDefault(client);
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
}

/**
 * drizzle runs every statement it was not given a name for (none of ours are) as an unnamed
 * one, and postgres-js then asks the server to describe an unnamed statement's parameters
 * before it can send them: two round trips, and the statement parsed twice, every time. A
 * sign-in's two statements took four. Named statements are described once per connection and
 * kept by postgres-js (keyed by their text), so each statement after the first is one round
 * trip. Behind PgBouncer before 1.21 in transaction mode (DATABASE_POOLER=transaction, which
 * turns DATABASE_PREPARED_STATEMENTS off), a statement prepared on one server connection is
 * not there on the next (docs/operations.md, "Behind PgBouncer").
 * Statements inside a transaction (a separate client drizzle gets from begin()) stay unnamed,
 * and so does whatever runs in withUnnamedStatements().
 */
export function preparedByDefault(client: postgres.Sql): void {
  const unsafe = client.unsafe;
  client.unsafe = ((
    query: string,
    params?: postgres.ParameterOrJSON<never>[],
    options?: postgres.UnsafeQueryOptions,
  ) => unsafe(query, params, { ...options, prepare: !unnamedScope().getStore() })) as typeof client.unsafe;
}

const globalForScope = globalThis as unknown as { __gatehouseUnnamedStatements?: AsyncLocalStorage<true> };

/** One scope per process: Next's bundles and the edge load this module separately. */
function unnamedScope(): AsyncLocalStorage<true> {
  globalForScope.__gatehouseUnnamedStatements ??= new AsyncLocalStorage<true>();
  return globalForScope.__gatehouseUnnamedStatements;
}

/**
 * Runs `work` with its statements unnamed, each planned for its own parameters. For queries
 * whose best plan depends on the values, like console search: a kept statement is planned
 * once for any values after five runs when PostgreSQL finds that no dearer on average ("generic
 * plan"), and bench:search with generic plans took up to 0.9 s for a two-letter term.
 */
export function withUnnamedStatements<T>(work: () => Promise<T>): Promise<T> {
  return unnamedScope().run(true, work);
}

async function openPglite(): Promise<Opened> {
  const dir = embeddedDataDir();
  // A short command-line run may hold the lock for a moment; wait for it rather than fail.
  const release = await acquireLockWaiting(dir, 30_000);
  try {
    const dataFolder = path.join(dir, 'pglite');
    fs.mkdirSync(dataFolder, { recursive: true, mode: 0o700 }); // PGlite does not create parents
    // pg_trgm backs the console's substring search, as it does on PostgreSQL.
    const client = await PGlite.create(dataFolder, { extensions: { pg_trgm } });
    const db = drizzlePglite(client, { schema });
    await migratePgliteDatabase(db);
    return {
      db: db as unknown as Db,
      kind: 'pglite',
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

function open(): Promise<Opened> {
  return env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite();
}

function opened(): Promise<Opened> {
  if (!globalForDb.__gatehouseDb) {
    const p = open();
    globalForDb.__gatehouseDb = p;
    // A failed open must not be cached forever: the next caller tries again.
    p.catch(() => {
      if (globalForDb.__gatehouseDb === p) globalForDb.__gatehouseDb = undefined;
    });
  }
  return globalForDb.__gatehouseDb;
}

export async function getDb(): Promise<Db> {
  return (await opened()).db;
}

/** Closes the database of this process (tests, command line, shutdown). */
export async function closeDb(): Promise<void> {
  const p = globalForDb.__gatehouseDb;
  globalForDb.__gatehouseDb = undefined;
  if (p) await (await p).close();
}
