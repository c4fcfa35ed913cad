/**
 * A batch left "importing" by a process that died (kill -9, a crash, a lost machine) is
 * taken up again: never stuck. A batch counts as stalled when its importer has committed
 * nothing for `stalledSeconds` (a chunk of rows takes a second or two). Taking it up is one
 * conditional UPDATE of its lease (progress_at), so of several instances doing this at
 * once one wins, and the dead importer, should it only have been paused, can commit
 * nothing more (createCheckedRows commits only under its own lease).
 *
 * The rows already recorded keep their results; every other row is checked again against
 * the database as it is now and then created or reported (exists, or skipped when it can
 * no longer be created, e.g. its maker lost the role that allowed it). The maker is the
 * actor again, with their role of today; a maker deactivated since means nothing more is
 * created and the remaining rows are reported skipped.
 */
import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { importBatches, users } from '@/lib/db/schema';
import { OPERATOR, type Actor } from '../actor';
import { checkRows } from './check-rows';
import type { RowResult } from './batch';
import { createCheckedRows } from './create-checked-rows';
import { loadBatch } from './load-batch';
import { loadCheckContext } from './load-check-context';

export interface ResumedImport {
  batchId: string;
  created: number;
  exists: number;
  skipped: number;
}

async function makerOf(createdById: string | null): Promise<Actor | null> {
  if (createdById === null) return OPERATOR;
  const db = await getDb();
  const [maker] = await db
    .select({ id: users.id, role: users.role, name: users.name, status: users.status })
    .from(users)
    .where(eq(users.id, createdById));
  if (!maker || maker.status !== 'active') return null;
  return { kind: 'user', id: maker.id, role: maker.role, name: maker.name };
}

export async function resumeStalledImports(
  options: { stalledSeconds?: number } = {},
): Promise<ResumedImport[]> {
  const stalledSeconds = options.stalledSeconds ?? 120;
  const db = await getDb();
  const stalled = await db
    .select({ id: importBatches.id, createdById: importBatches.createdById, lease: importBatches.progressAt })
    .from(importBatches)
    .where(
      and(
        eq(importBatches.status, 'importing'),
        lt(
          sql`coalesce(${importBatches.progressAt}, ${importBatches.confirmedAt})`,
          sql`now() - make_interval(secs => ${stalledSeconds})`,
        ),
      ),
    );
  const resumed: ResumedImport[] = [];
  for (const row of stalled) {
    const [taken] = await db
      .update(importBatches)
      .set({ progressAt: sql`date_trunc('milliseconds', clock_timestamp())` })
      .where(
        and(
          eq(importBatches.id, row.id),
          eq(importBatches.status, 'importing'),
          row.lease ? eq(importBatches.progressAt, row.lease) : sql`${importBatches.progressAt} is null`,
        ),
      )
      .returning({ lease: importBatches.progressAt });
    if (!taken) continue; // another instance took it up first
    const maker = await makerOf(row.createdById);
    // The batch as its maker sees it (loadBatch checks the owner); the operator's are ownerless.
    const batch = await loadBatch(row.id, maker ?? OPERATOR);
    if (!batch) continue;
    const done = new Map<number, RowResult>((batch.results ?? []).map((r) => [r.line, r]));
    const remaining = batch.rows.filter((r) => !done.has(r.line));
    const actor = maker ?? OPERATOR;
    const context = await loadCheckContext(db, actor, remaining);
    // Without a maker nothing more is created: every remaining row is reported skipped.
    if (!maker) for (const r of remaining) done.set(r.line, { line: r.line, outcome: 'skipped' });
    // A row that became a problem since the confirm is reported skipped (createCheckedRows).
    const checked = maker ? checkRows(remaining, context) : [];
    const summary = await createCheckedRows({
      batch,
      actor,
      ip: null,
      context,
      checked,
      done,
      lease: taken.lease!,
      resumed: true,
    });
    resumed.push({
      batchId: row.id,
      created: summary.created,
      exists: summary.exists,
      skipped: summary.skipped,
    });
  }
  return resumed;
}
