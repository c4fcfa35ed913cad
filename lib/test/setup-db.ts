/** Points this test file's process at the run's fresh database before any lib module loads env. */
import { afterAll, inject } from 'vitest';

process.env.DATA_DIR = inject('dataDir');
process.env.DATABASE_URL = inject('databaseUrl');
// Behind the pgbouncer project's transaction pooler: the setting operators use there, and
// migrations straight to PostgreSQL (docs/operations.md, "Behind PgBouncer").
if (inject('directDatabaseUrl')) {
  process.env.DATABASE_POOLER = 'transaction';
  process.env.MIGRATION_DATABASE_URL = inject('directDatabaseUrl');
}
process.env.APP_URL = 'http://localhost:3999';
process.env.PLATFORM_NAME = 'Gatehouse test';
// Emails in these tests are read in English; Dutch has its own tests.
process.env.DEFAULT_LOCALE = 'en';
// Required beside DATABASE_URL; tests that deliver mail start their own SMTP server and pass its transport.
process.env.SMTP_URL = 'smtp://127.0.0.1:9';
process.env.EMAIL_POLL_SECONDS = '3600';

afterAll(async () => {
  // Release the database (and, for PGlite, its lock) so the next file can open it.
  const { closeDb } = await import('@/lib/db/client');
  await closeDb();
});
