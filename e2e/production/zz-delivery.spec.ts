/**
 * Runs after the other production tests (files run in name order): while both instances'
 * delivery workers ran side by side, every queued email reached the SMTP server exactly once.
 */
import postgres from 'postgres';
import { PROD_DATABASE_URL } from './prod-env';
import { allMail, expect, test } from '../support/production';

test('two instances sent every queued email exactly once', async () => {
  const sql = postgres(PROD_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await expect
      .poll(
        async () => Number((await sql`select count(*) from email_outbox where status <> 'sent'`)[0]!.count),
        { timeout: 20_000 },
      )
      .toBe(0);
    const queued = Number((await sql`select count(*) from email_outbox`)[0]!.count);
    const received = await allMail();
    expect(queued).toBeGreaterThan(5);
    expect(received).toHaveLength(queued);
  } finally {
    await sql.end();
  }
});
