/**
 * Creates the checked rows of a batch in "importing" and finishes it, in a few large
 * transactions instead of a round trip per row (confirm-import.ts, and
 * resume-stalled-imports.ts for a batch whose importer died).
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { importBatches, users } from '@/lib/db/schema';
import { recordAudit, recordAuditEvents, type AuditEvent } from '@/lib/audit/record';
import { actorId, actorName, actorVia, type Actor } from '../actor';
import { inTransaction } from '../steps/in-transaction';
import { sendWelcomeEmails } from '../steps/send-welcome-emails';
import type { Batch, RowResult } from './batch';
import type { CheckContext, CheckedRow } from './check-rows';

/**
 * Rows created per transaction: large enough to be quick, small enough to keep each
 * statement modest and to lose little when the process dies mid-import (a chunk not
 * committed is redone when the batch is taken up again).
 */
const CHUNK = 100;

export interface ImportSummary {
  created: number;
  exists: number;
  skipped: number;
  results: RowResult[];
}

/** Another importer took the batch up (this one was thought dead): stop without writing. */
export class ImportLeaseLost extends Error {
  constructor(batchId: string) {
    super(`import batch ${batchId} was taken up by another importer`);
  }
}

/**
 * Creates the checked rows of a batch in "importing" and finishes it. Each chunk of
 * CHUNK rows commits its accounts, welcome emails and audit events together with the
 * batch's results so far, and only while `lease` (progress_at) is unchanged: a process
 * killed mid-import leaves whole chunks done and recorded, nothing half-done, and a batch
 * that resume-stalled-imports.ts takes up again (from `done`, the results recorded) is
 * never written by two importers.
 */
export async function createCheckedRows(input: {
  batch: Batch;
  actor: Actor;
  ip: string | null;
  context: CheckContext & { counselorIds: Map<string, string> };
  checked: CheckedRow[];
  /** Rows already done by an earlier importer of this batch. */
  done: ReadonlyMap<number, RowResult>;
  lease: Date;
  resumed?: boolean;
}): Promise<ImportSummary> {
  const { batch, actor, context, checked } = input;
  let lease = input.lease;
  const results = new Map<number, RowResult>(input.done);
  for (const c of checked)
    if (c.status !== 'ready' && !results.has(c.row.line))
      results.set(c.row.line, { line: c.row.line, outcome: c.status === 'exists' ? 'exists' : 'skipped' });
  const ready = checked.filter((c) => c.status === 'ready' && !results.has(c.row.line));
  const refusals: AuditEvent[] = [];
  const isCounselor = actor.kind === 'user' && actor.role === 'counselor';
  const inFileOrder = () => batch.rows.flatMap((r) => (results.has(r.line) ? [results.get(r.line)!] : []));
  for (let i = 0; i < ready.length; i += CHUNK) {
    const chunk = ready.slice(i, i + CHUNK);
    lease = await inTransaction(async (tx) => {
      const made = await tx
        .insert(users)
        .values(
          chunk.map(({ account }) => ({
            email: account!.email,
            name: account!.name,
            role: account!.role,
            counselorId: account!.counselorEmail
              ? (context.counselorIds.get(account!.counselorEmail) ?? null)
              : null,
            createdById: actorId(actor),
            locale: account!.locale,
          })),
        )
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id, email: users.email, counselorId: users.counselorId });
      const idOf = new Map(made.map((m) => [m.email, m]));
      const recipients = [];
      const events: AuditEvent[] = [];
      for (const { row, account } of chunk) {
        const user = idOf.get(account!.email);
        if (!user) {
          results.set(row.line, { line: row.line, outcome: 'exists' });
          if (isCounselor)
            refusals.push({
              action: 'account.create_refused',
              actorId: actorId(actor),
              ip: input.ip,
              details: {
                reason: 'email_in_use',
                emailDomain: account!.email.split('@')[1] ?? null,
                importBatchId: batch.id,
              },
            });
          continue;
        }
        results.set(row.line, { line: row.line, outcome: 'created', userId: user.id });
        recipients.push({ id: user.id, email: account!.email, name: account!.name, locale: account!.locale });
        events.push({
          action: 'account.created',
          actorId: actorId(actor),
          targetId: user.id,
          ip: input.ip,
          details: {
            email: account!.email,
            name: account!.name,
            role: account!.role,
            counselorId: user.counselorId,
            via: actorVia(actor),
            importBatchId: batch.id,
          },
        });
      }
      await sendWelcomeEmails(tx, { recipients, actor, createdByName: actorName(actor) });
      await recordAuditEvents(tx, events);
      // The chunk and the record of it commit together, only while this importer holds the batch.
      const [held] = await tx
        .update(importBatches)
        .set({ results: inFileOrder(), progressAt: sql`date_trunc('milliseconds', clock_timestamp())` })
        .where(and(eq(importBatches.id, batch.id), eq(importBatches.progressAt, lease)))
        .returning({ progressAt: importBatches.progressAt });
      if (!held) throw new ImportLeaseLost(batch.id);
      return held.progressAt!;
    });
  }
  const ordered = batch.rows.map((r) => results.get(r.line)!);
  const summary = {
    created: ordered.filter((r) => r.outcome === 'created').length,
    exists: ordered.filter((r) => r.outcome === 'exists').length,
    skipped: ordered.filter((r) => r.outcome === 'skipped').length,
  };
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [held] = await tx
      .update(importBatches)
      .set({ status: 'done', results: ordered, finishedAt: sql`now()` })
      .where(and(eq(importBatches.id, batch.id), eq(importBatches.progressAt, lease)))
      .returning({ id: importBatches.id });
    if (!held) throw new ImportLeaseLost(batch.id);
    await recordAuditEvents(tx, refusals);
    await recordAudit(tx, {
      action: 'accounts.imported',
      actorId: actorId(actor),
      ip: input.ip,
      details: {
        importBatchId: batch.id,
        fileName: batch.fileName,
        ...summary,
        via: actorVia(actor),
        ...(input.resumed ? { resumed: true } : {}),
      },
    });
  });
  return { ...summary, results: ordered };
}
