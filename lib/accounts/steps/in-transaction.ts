import 'server-only';
import { getDb } from '@/lib/db/client';
import type { Db } from '@/lib/db/types';
import { nudgeEmailWorker } from '@/lib/email/outbox';

/**
 * Runs `work` in one transaction, then asks the delivery worker to send what it queued at
 * once (after the commit: before it, the worker would not see the rows yet).
 */
export async function inTransaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
  const db = await getDb();
  const result = await db.transaction(work);
  nudgeEmailWorker();
  return result;
}
