/** The batch, if this person made it (a batch holds names and addresses: it is its maker's only). */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { importBatches } from '@/lib/db/schema';
import { actorId, type Actor } from '../actor';
import type { Batch, RowResult } from './batch';
import type { BatchRow } from './check-rows';

export async function loadBatch(batchId: string, actor: Actor): Promise<Batch | null> {
  if (!/^[0-9a-f-]{36}$/i.test(batchId)) return null;
  const db = await getDb();
  const id = actorId(actor);
  const ownedBy = id === null ? isNull(importBatches.createdById) : eq(importBatches.createdById, id);
  const [row] = await db
    .select()
    .from(importBatches)
    .where(and(eq(importBatches.id, batchId), ownedBy));
  if (!row) return null;
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status,
    rows: row.rows as BatchRow[],
    results: (row.results as RowResult[] | null) ?? null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}
