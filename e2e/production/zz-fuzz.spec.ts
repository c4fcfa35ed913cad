/**
 * A short, fixed-seed round of `npm run fuzz` in every test run: malformed requests against
 * every route and server action of one instance, none answered with 5xx, nothing written
 * by any of them, and the instance still serving afterwards. Runs after the flows (files run
 * in name order): its unknown link tokens rightly get this address refused for link pages
 * for 15 minutes, as any guesser's would.
 */
import postgres from 'postgres';
import { fuzz } from '../support/fuzz';
import { PROD_INSTANCE_PORTS, PROD_ORIGIN } from '../support/ports';
import { PROD_DATABASE_URL } from './prod-env';
import { expect, test } from '../support/production';

const TABLES = ['users', 'one_time_tokens', 'email_outbox', 'sessions'] as const;

test('1,500 malformed requests (seed 20261127): no 5xx, nothing written, still serving', async () => {
  test.setTimeout(240_000);
  const sql = postgres(PROD_DATABASE_URL, { max: 1, onnotice: () => {} });
  const counts = async () =>
    Promise.all(TABLES.map(async (t) => Number((await sql.unsafe(`select count(*) from ${t}`))[0]!.count)));
  try {
    const before = await counts();
    const result = await fuzz(`http://localhost:${PROD_INSTANCE_PORTS[0]}`, PROD_ORIGIN, {
      runs: 1500,
      seed: 20261127,
      concurrency: 4,
    });
    expect(result.failures, JSON.stringify(result.byStatus)).toEqual([]);
    expect(result.sent).toBeGreaterThan(1400);
    expect(await counts()).toEqual(before);
    expect((await fetch(`http://localhost:${PROD_INSTANCE_PORTS[0]}/login`)).status).toBe(200);
  } finally {
    await sql.end();
  }
});
