/**
 * Reading the audit log (written by record.ts): one account's history, and the console's
 * search with filters.
 */
import 'server-only';
import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { auditEvents, users } from '@/lib/db/schema';

const actor = alias(users, 'actor');
const targetUser = alias(users, 'target');

const eventColumns = {
  id: auditEvents.id,
  at: auditEvents.at,
  action: auditEvents.action,
  ip: auditEvents.ip,
  details: auditEvents.details,
  actorName: actor.name,
  actorEmail: actor.email,
  targetId: auditEvents.targetId,
  targetName: targetUser.name,
  targetEmail: targetUser.email,
};

/** Everything that happened to one account, newest first. */
export async function accountHistory(userId: string, limit = 200) {
  const db = await getDb();
  return db
    .select(eventColumns)
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .leftJoin(targetUser, eq(targetUser.id, auditEvents.targetId))
    .where(eq(auditEvents.targetId, userId))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}

const dateField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

export const auditQuerySchema = z.object({
  actor: z.string().trim().toLowerCase().max(254).optional().catch(undefined),
  target: z.string().trim().toLowerCase().max(254).optional().catch(undefined),
  action: z
    .string()
    .trim()
    .max(64)
    .regex(/^[a-z_.]*$/)
    .optional()
    .catch(undefined),
  from: dateField,
  to: dateField,
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const AUDIT_PAGE_SIZE = 50;

/** The audit log with filters (actor and target by email, action, date range), newest first. */
export async function searchAudit(query: AuditQuery) {
  const db = await getDb();
  const conditions: (SQL | undefined)[] = [];
  if (query.actor) conditions.push(eq(actor.email, query.actor));
  if (query.target) conditions.push(eq(targetUser.email, query.target));
  if (query.action) conditions.push(eq(auditEvents.action, query.action));
  if (query.from) conditions.push(gte(auditEvents.at, sql`${query.from}::date`));
  if (query.to) conditions.push(lte(auditEvents.at, sql`${query.to}::date + interval '1 day'`));
  if (query.before) conditions.push(lt(auditEvents.id, query.before));
  const rows = await db
    .select(eventColumns)
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .leftJoin(targetUser, eq(targetUser.id, auditEvents.targetId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  return {
    rows: rows.slice(0, AUDIT_PAGE_SIZE),
    next: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1]!.id : null,
  };
}

export async function distinctAuditActions(): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .orderBy(auditEvents.action);
  return rows.map((r) => r.action);
}
