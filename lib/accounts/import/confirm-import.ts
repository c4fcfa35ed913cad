/**
 * Creates the batch's ready rows, with the rules of createAccount (roles this person may
 * give, a counselor's clients are their own, an "account.created" event and a welcome
 * email through the outbox for each). Rows with problems must have been fixed or skipped
 * (`skipProblems` leaves them out, for the command line). Addresses that got an account
 * since the preview (another import, a colleague) are "exists", never a second account.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { importBatches } from '@/lib/db/schema';
import type { Actor } from '../actor';
import { importableRoles } from '../permissions';
import type { ImportFailure } from './batch';
import { checkRows } from './check-rows';
import { createCheckedRows, type ImportSummary } from './create-checked-rows';
import { loadBatch } from './load-batch';
import { loadCheckContext } from './load-check-context';

export async function confirmImport(input: {
  batchId: string;
  actor: Actor;
  ip?: string | null;
  skipProblems?: boolean;
}): Promise<({ ok: true } & ImportSummary) | ImportFailure> {
  const { actor } = input;
  // 1. The person may import, and the batch is theirs and still in preview.
  if (importableRoles(actor).length === 0) return { ok: false, code: 'not_allowed' };
  const batch = await loadBatch(input.batchId, actor);
  if (!batch) return { ok: false, code: 'not_found' };
  if (batch.status !== 'preview') return { ok: false, code: 'already_confirmed' };
  // 2. Every row checked again against the database as it is now.
  const db = await getDb();
  const context = await loadCheckContext(db, actor, batch.rows);
  const checked = checkRows(batch.rows, context);
  const problems = checked.filter((c) => c.status === 'problem').length;
  if (problems > 0 && !input.skipProblems) return { ok: false, code: 'unresolved', problems };

  // 3. The claim: of two confirms at once, exactly one moves the batch out of "preview".
  const [claimed] = await db
    .update(importBatches)
    .set({
      status: 'importing',
      confirmedAt: sql`now()`,
      progressAt: sql`date_trunc('milliseconds', clock_timestamp())`,
    })
    .where(and(eq(importBatches.id, batch.id), eq(importBatches.status, 'preview')))
    .returning({ progressAt: importBatches.progressAt });
  if (!claimed) return { ok: false, code: 'already_confirmed' };
  // 4. The accounts created, chunk by chunk, under the claim's lease.
  const summary = await createCheckedRows({
    batch,
    actor,
    ip: input.ip ?? null,
    context,
    checked,
    done: new Map(),
    lease: claimed.progressAt!,
  });
  return { ok: true, ...summary };
}
