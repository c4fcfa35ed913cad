/**
 * A process that confirms one import batch as the operator, printing how many rows the
 * batch has recorded every 50 ms, so that a test can kill it (SIGKILL) in the middle
 * (lib/accounts/import/import-kill.int.test.ts). Started by lib/test/spawn-typescript.ts (one
 * process, so the kill reaches it), with the test's DATABASE_URL / DATA_DIR in its environment.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { importBatches } from '@/lib/db/schema';
import { OPERATOR } from '@/lib/accounts/actor';
import { confirmImport } from '@/lib/accounts/import/confirm-import';

const batchId = process.argv[2]!;
const db = await getDb();
setInterval(async () => {
  const [row] = await db
    .select({ results: importBatches.results })
    .from(importBatches)
    .where(eq(importBatches.id, batchId));
  console.log(`progress ${(row?.results ?? []).length}`);
}, 50).unref();
const result = await confirmImport({ batchId, actor: OPERATOR });
console.log(`finished ${JSON.stringify(result.ok)}`);
process.exit(0);
