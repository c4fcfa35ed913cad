import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      '@': root,
      // Tests run lib modules in plain Node, outside React's server environment.
      'server-only': path.join(root, 'node_modules/server-only/empty.js'),
    },
  },
};

/**
 * unit: pure logic, beside its file (*.test.ts).
 * integration: *.int.test.ts against a real database: the embedded PGlite always, and
 * PostgreSQL too when TEST_DATABASE_URL is set (each run in a fresh database), reached
 * directly and again through PgBouncer in transaction mode (lib/test/pgbouncer.ts).
 */
const integration = (db: 'pglite' | 'postgres' | 'pgbouncer') => ({
  ...shared,
  test: {
    name: `integration-${db}`,
    include: ['lib/**/*.int.test.ts'],
    // Reads nothing that differs between the databases and takes a while (SpamAssassin): once, embedded.
    exclude:
      db === 'postgres'
        ? ['lib/email/outgoing-mail.int.test.ts']
        : // Kills a second process that holds the database mid-import: PostgreSQL only (the embedded
          // database belongs to one process, which serialises the child's progress reads behind the import).
          db === 'pglite'
          ? [
              'lib/accounts/import/import-kill.int.test.ts',
              'lib/email/worker-kill.int.test.ts',
              'lib/email/worker-process-stop.int.test.ts',
            ]
          : [],
    env: { GATEHOUSE_TEST_DB: db, NODE_ENV: 'test' as const },
    globalSetup: ['lib/test/global-setup.ts'],
    // next-auth imports 'next/server' without an extension, which plain Node cannot resolve:
    // let Vite resolve it (lib/server/direct-auth.int.test.ts loads the auth route).
    server: { deps: { inline: ['next-auth'] } },
    setupFiles: ['lib/test/setup-db.ts'],
    // One database per run, shared by the files in turn (the embedded one allows one process at a time).
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'edge/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          env: { AUTH_SECRET: 'unit-tests-only-secret-0123456789abcdef' },
        },
      },
      integration('pglite'),
      ...(process.env.TEST_DATABASE_URL ? [integration('postgres'), integration('pgbouncer')] : []),
    ],
  },
});
