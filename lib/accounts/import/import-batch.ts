/**
 * Importing accounts from a file: the batch's whole life in one place. An upload becomes a
 * batch in "preview"; staff fix or skip rows (reviseBatch); confirming claims the batch
 * with one conditional UPDATE (two confirms at once: one wins) and creates the accounts
 * with the rules of createAccount (roles this person may give, a counselor's clients are
 * their own, an "account.created" event and a welcome email through the outbox for each),
 * in a few large transactions instead of a round trip per row. Progress and results are
 * read back from the outbox, so they show what really happened to each welcome email.
 */
import 'server-only';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import type { Db } from '@/lib/db/types';
import { emailOutbox, importBatches, users, type EmailStatus, type ImportBatchStatus } from '@/lib/db/schema';
import { recordAudit, recordAuditEvents, type AuditEvent } from '@/lib/audit/record';
import { normaliseEmail } from '@/lib/validation/fields';
import { actorId, actorName, actorVia, type Actor } from '../actor';
import { canManageAccount, importableRoles } from '../permissions';
import { inTransaction } from '../steps/in-transaction';
import { sendWelcomeEmails } from '../steps/send-welcome-emails';
import {
  checkRows,
  summarise,
  type BatchRow,
  type CheckContext,
  type CheckedRow,
  type CheckSummary,
} from './check-rows';
import { parseAccountsCsv, type ParseFailure } from './parse-csv';

/**
 * Rows created per transaction: large enough to be quick, small enough to keep each
 * statement modest and to lose little when the process dies mid-import (a chunk not
 * committed is redone when the batch is taken up again).
 */
const CHUNK = 100;

export type RowOutcome = 'created' | 'exists' | 'skipped';

export interface RowResult {
  line: number;
  outcome: RowOutcome;
  userId?: string;
}

export interface Batch {
  id: string;
  fileName: string;
  status: ImportBatchStatus;
  rows: BatchRow[];
  results: RowResult[] | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export type ImportFailure =
  | { ok: false; code: 'not_allowed' }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'already_confirmed' }
  | { ok: false; code: 'unresolved'; problems: number }
  | ParseFailure;

function ownedBy(actor: Actor) {
  const id = actorId(actor);
  return id === null ? isNull(importBatches.createdById) : eq(importBatches.createdById, id);
}

/** Reads an uploaded file into a new batch in "preview". Nothing is created yet. */
export async function startImport(input: {
  bytes: Uint8Array;
  fileName: string;
  actor: Actor;
}): Promise<{ ok: true; batchId: string; rows: number } | { ok: false; code: 'not_allowed' } | ParseFailure> {
  if (importableRoles(input.actor).length === 0) return { ok: false, code: 'not_allowed' };
  const parsed = parseAccountsCsv(input.bytes);
  if (!parsed.ok) return parsed;
  const db = await getDb();
  const fileName = (input.fileName.split(/[\\/]/).pop() || 'accounts.csv').slice(0, 200);
  const [batch] = await db
    .insert(importBatches)
    .values({ createdById: actorId(input.actor), fileName, rows: parsed.rows })
    .returning({ id: importBatches.id });
  return { ok: true, batchId: batch!.id, rows: parsed.rows.length };
}

/** The batch, if this person made it (a batch holds names and addresses: it is its maker's only). */
export async function loadBatch(batchId: string, actor: Actor): Promise<Batch | null> {
  if (!/^[0-9a-f-]{36}$/i.test(batchId)) return null;
  const db = await getDb();
  const [row] = await db
    .select()
    .from(importBatches)
    .where(and(eq(importBatches.id, batchId), ownedBy(actor)));
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

/** What the checks need from the database: existing addresses, counselors, the actor's own address. */
export async function loadCheckContext(
  db: Db,
  actor: Actor,
  rows: readonly BatchRow[],
): Promise<CheckContext & { counselorIds: Map<string, string> }> {
  const emails = [...new Set(rows.map((r) => normaliseEmail(r.email)).filter(Boolean))];
  const counselorEmails = [...new Set(rows.map((r) => normaliseEmail(r.counselorEmail)).filter(Boolean))];
  const existing = new Map<string, { visible: boolean }>();
  for (let i = 0; i < emails.length; i += 5000) {
    const found = await db
      .select({ email: users.email, role: users.role, counselorId: users.counselorId, id: users.id })
      .from(users)
      .where(inArray(users.email, emails.slice(i, i + 5000)));
    for (const u of found) existing.set(u.email, { visible: canManageAccount(actor, u) });
  }
  const counselorIds = new Map<string, string>();
  if (counselorEmails.length > 0) {
    const found = await db
      .select({ email: users.email, id: users.id })
      .from(users)
      .where(and(inArray(users.email, counselorEmails), eq(users.role, 'counselor')));
    for (const c of found) counselorIds.set(c.email, c.id);
  }
  let counselorSelf: string | undefined;
  if (actor.kind === 'user' && actor.role === 'counselor') {
    const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, actor.id));
    counselorSelf = me?.email;
    if (counselorSelf) counselorIds.set(counselorSelf, actor.id);
  }
  return {
    allowedRoles: importableRoles(actor),
    counselors: new Set(counselorIds.keys()),
    existing,
    counselorSelf,
    counselorIds,
  };
}

/** The preview: every row checked against the database as it is now. */
export async function checkBatch(
  batch: Batch,
  actor: Actor,
): Promise<{ checked: CheckedRow[]; summary: CheckSummary }> {
  const db = await getDb();
  const checked = checkRows(batch.rows, await loadCheckContext(db, actor, batch.rows));
  return { checked, summary: summarise(checked) };
}

export type RowEdit = Partial<
  Pick<BatchRow, 'name' | 'email' | 'role' | 'counselorEmail' | 'language' | 'skip' | 'keepTypo'>
>;

/** Applies fixes and skip choices from the preview (by row line) while the batch is still in preview. */
export async function reviseBatch(input: {
  batchId: string;
  actor: Actor;
  edits: ReadonlyMap<number, RowEdit>;
}): Promise<{ ok: true } | ImportFailure> {
  const batch = await loadBatch(input.batchId, input.actor);
  if (!batch) return { ok: false, code: 'not_found' };
  if (batch.status !== 'preview') return { ok: false, code: 'already_confirmed' };
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
  const db = await getDb();
  const updated = await db
    .update(importBatches)
    .set({ rows })
    .where(and(eq(importBatches.id, batch.id), eq(importBatches.status, 'preview')))
    .returning({ id: importBatches.id });
  return updated.length > 0 ? { ok: true } : { ok: false, code: 'already_confirmed' };
}

export interface ImportSummary {
  created: number;
  exists: number;
  skipped: number;
  results: RowResult[];
}

/**
 * Creates the batch's ready rows. Rows with problems must have been fixed or skipped
 * (`skipProblems` leaves them out, for the command line). Addresses that got an account
 * since the preview (another import, a colleague) are "exists", never a second account.
 */
export async function confirmImport(input: {
  batchId: string;
  actor: Actor;
  ip?: string | null;
  skipProblems?: boolean;
}): Promise<({ ok: true } & ImportSummary) | ImportFailure> {
  const { actor } = input;
  if (importableRoles(actor).length === 0) return { ok: false, code: 'not_allowed' };
  const batch = await loadBatch(input.batchId, actor);
  if (!batch) return { ok: false, code: 'not_found' };
  if (batch.status !== 'preview') return { ok: false, code: 'already_confirmed' };
  const db = await getDb();
  const context = await loadCheckContext(db, actor, batch.rows);
  const checked = checkRows(batch.rows, context);
  const problems = checked.filter((c) => c.status === 'problem').length;
  if (problems > 0 && !input.skipProblems) return { ok: false, code: 'unresolved', problems };

  // The claim: of two confirms at once, exactly one moves the batch out of "preview".
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

/** Delivery as the progress bar counts it: waiting (queued, sending, retrying), sent or failed. */
export type Delivery = 'waiting' | 'sent' | 'failed';

function deliveryOf(status: EmailStatus): Delivery {
  return status === 'sent' ? 'sent' : status === 'failed' ? 'failed' : 'waiting';
}

export interface ImportProgress {
  status: ImportBatchStatus;
  /** Welcome emails of the accounts this batch created. */
  total: number;
  waiting: number;
  sent: number;
  failed: number;
  /** Each created account's latest welcome email. */
  delivery: Map<string, Delivery>;
}

/** Where the batch's welcome emails are, read from the outbox (the newest welcome email of each account). */
export async function importProgress(batch: Batch): Promise<ImportProgress> {
  const userIds = (batch.results ?? []).flatMap((r) => (r.userId ? [r.userId] : []));
  const delivery = new Map<string, Delivery>();
  const db = await getDb();
  for (let i = 0; i < userIds.length; i += 5000) {
    const rows = await db
      .selectDistinctOn([emailOutbox.userId], { userId: emailOutbox.userId, status: emailOutbox.status })
      .from(emailOutbox)
      .where(
        and(inArray(emailOutbox.userId, userIds.slice(i, i + 5000)), eq(emailOutbox.template, 'welcome')),
      )
      .orderBy(emailOutbox.userId, desc(emailOutbox.createdAt));
    for (const r of rows) delivery.set(r.userId!, deliveryOf(r.status));
  }
  const counts = { waiting: 0, sent: 0, failed: 0 };
  for (const d of delivery.values()) counts[d] += 1;
  return { status: batch.status, total: userIds.length, ...counts, delivery };
}
