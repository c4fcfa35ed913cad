/** The preview: every row of the batch checked against the database as it is now. */
import 'server-only';
import { getDb } from '@/lib/db/client';
import type { Actor } from '../actor';
import type { Batch } from './batch';
import { checkRows, summarise, type CheckedRow, type CheckSummary } from './check-rows';
import { loadCheckContext } from './load-check-context';

export async function checkBatch(
  batch: Batch,
  actor: Actor,
): Promise<{ checked: CheckedRow[]; summary: CheckSummary }> {
  const db = await getDb();
  const checked = checkRows(batch.rows, await loadCheckContext(db, actor, batch.rows));
  return { checked, summary: summarise(checked) };
}
