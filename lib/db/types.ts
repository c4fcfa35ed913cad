import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** A drizzle database or transaction, on PostgreSQL (postgres-js) or PGlite alike. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
