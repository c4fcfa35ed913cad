/** `npm run db:migrate`: applies pending migrations (the app also does this when it starts). */
import path from 'node:path';
import { env } from '@/lib/env';
import { closeDb, getDb } from '@/lib/db/client';
import { lockHolder } from '@/lib/db/embedded-lock';

async function main() {
  if (env.embedded) {
    const holder = lockHolder(path.resolve(env.DATA_DIR));
    if (holder !== null) {
      console.log(
        `The running app (process ${holder}) owns the embedded database and migrated it when it started.`,
      );
      return;
    }
  }
  await getDb(); // opening the database applies pending migrations
  await closeDb();
  console.log(
    `Migrations applied (${env.embedded ? `embedded database in ${path.resolve(env.DATA_DIR)}` : 'PostgreSQL'}).`,
  );
}

main().catch((err) => {
  console.error(`db:migrate: ${(err as Error).message}`);
  process.exitCode = 1;
});
