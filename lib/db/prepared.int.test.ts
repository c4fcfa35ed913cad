/**
 * Named prepared statements (lib/db/client.ts): with them on, a statement drizzle runs is
 * kept by the connection and each later run is one round trip; off, nothing is prepared
 * (what PgBouncer before 1.21 in transaction mode needs).
 */
import { describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { env } from '@/lib/env';
import { preparedByDefault, withUnnamedStatements } from './client';
import { rowsOf } from './rows';

const kind = process.env.GATEHOUSE_TEST_DB;

/** Runs one parameterised statement three times on a one-connection pool; returns what that connection has prepared. */
async function preparedAfterThreeRuns(prepared: boolean, unnamed = false): Promise<string[]> {
  const client = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  if (prepared) preparedByDefault(client);
  const db = drizzle(client);
  try {
    const runs = async () => {
      for (let i = 0; i < 3; i++) {
        const [row] = rowsOf<{ n: number }>(await db.execute(sql`select ${i}::int + 1 as n`));
        expect(row!.n).toBe(i + 1);
      }
    };
    await (unnamed ? withUnnamedStatements(runs) : runs());
    return rowsOf<{ statement: string }>(
      await db.execute(
        sql`select statement from pg_prepared_statements where statement like ${'%+ 1 as n%'}`,
      ),
    ).map((r) => r.statement);
  } finally {
    await client.end({ timeout: 5 });
  }
}

describe('prepared statements', () => {
  it(
    kind === 'postgres'
      ? 'on PostgreSQL: on, the statement is prepared once on its connection and reused; off, or inside withUnnamedStatements, nothing is prepared'
      : 'on PGlite: there is no connection pool or wire protocol, so the setting does not apply',
    async () => {
      if (kind !== 'postgres') {
        expect(env.embedded).toBe(true);
        return;
      }
      expect(env.DATABASE_PREPARED_STATEMENTS).toBe(true);
      expect(await preparedAfterThreeRuns(true)).toEqual(['select $1::int + 1 as n']);
      expect(await preparedAfterThreeRuns(false)).toEqual([]);
      // Console search's way: on, but inside withUnnamedStatements, nothing is kept.
      expect(await preparedAfterThreeRuns(true, true)).toEqual([]);
    },
  );
});
