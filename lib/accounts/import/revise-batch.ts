/** Applies fixes and skip choices from the preview (by row line) while the batch is still in preview. */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { importBatches } from '@/lib/db/schema';
import type { Actor } from '../actor';
import type { ImportFailure } from './batch';
import type { BatchRow } from './check-rows';
import { loadBatch } from './load-batch';

export type RowEdit = Partial<
  Pick<BatchRow, 'name' | 'email' | 'role' | 'counselorEmail' | 'language' | 'skip' | 'keepTypo'>
>;

export async function reviseBatch(input: {
  batchId: string;
  actor: Actor;
  edits: ReadonlyMap<number, RowEdit>;
}): Promise<{ ok: true } | ImportFailure> {
  // 1. The person's own batch, still in preview.
  const batch = await loadBatch(input.batchId, input.actor);
  if (!batch) return { ok: false, code: 'not_found' };
  if (batch.status !== 'preview') return { ok: false, code: 'already_confirmed' };
  // 2. The edits applied to their rows.
  const rows = batch.rows.map((row) => {
    const edit = input.edits.get(row.line);
    if (!edit) return row;
    const next: BatchRow = { ...row };
    for (const field of ['name', 'email', 'role', 'counselorEmail', 'language'] as const)
      if (edit[field] !== undefined) next[field] = edit[field].trim().slice(0, 500);
    if (edit.skip !== undefined) next.skip = edit.skip;
    // A changed address is a new question: the typo check looks at it again.
    next.keepTypo =
      edit.email !== undefined && edit.email.trim() !== row.email ? false : (edit.keepTypo ?? row.keepTypo);
    return next;
  });
  // 3. Stored only while still in preview (a confirm may have come in between).
  const db = await getDb();
  const updated = await db
    .update(importBatches)
    .set({ rows })
    .where(and(eq(importBatches.id, batch.id), eq(importBatches.status, 'preview')))
    .returning({ id: importBatches.id });
  return updated.length > 0 ? { ok: true } : { ok: false, code: 'already_confirmed' };
}
