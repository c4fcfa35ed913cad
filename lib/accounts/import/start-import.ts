/** Reads an uploaded file into a new batch in "preview". Nothing is created yet. */
import 'server-only';
import { getDb } from '@/lib/db/client';
import { importBatches } from '@/lib/db/schema';
import { actorId, type Actor } from '../actor';
import { importableRoles } from '../permissions';
import { parseAccountsCsv, type ParseFailure } from './parse-csv';

export async function startImport(input: {
  bytes: Uint8Array;
  fileName: string;
  actor: Actor;
}): Promise<{ ok: true; batchId: string; rows: number } | { ok: false; code: 'not_allowed' } | ParseFailure> {
  // 1. Only someone who may create some role by import.
  if (importableRoles(input.actor).length === 0) return { ok: false, code: 'not_allowed' };
  // 2. The file read into rows (its own errors: not CSV, too many rows, missing columns).
  const parsed = parseAccountsCsv(input.bytes);
  if (!parsed.ok) return parsed;
  // 3. The batch stored, with the file's own name (no path).
  const db = await getDb();
  const fileName = (input.fileName.split(/[\\/]/).pop() || 'accounts.csv').slice(0, 200);
  const [batch] = await db
    .insert(importBatches)
    .values({ createdById: actorId(input.actor), fileName, rows: parsed.rows })
    .returning({ id: importBatches.id });
  return { ok: true, batchId: batch!.id, rows: parsed.rows.length };
}
