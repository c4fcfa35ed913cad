/**
 * Invitations (welcome links) on the dashboard: how many were sent, used and left to expire
 * per week, and which are about to expire or have expired unused. Every query reads
 * one_time_tokens through a (purpose, time) index over a bounded window, so it stays cheap
 * with a million accounts.
 */
import 'server-only';
import { and, asc, count, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { getDb } from '@/lib/db/client';
import { oneTimeTokens, users } from '@/lib/db/schema';
import { inScope, type DashboardScope } from './scope';
import { fillBuckets, WEEK_MS, weekStarts } from './windows';

export const CHART_WEEKS = 8;
/** "Expiring soon": within this many hours. */
export const EXPIRING_HOURS = 48;
/** Expired invitations are looked for this far back (the chart's window). */
export const EXPIRED_LOOKBACK_MS = CHART_WEEKS * WEEK_MS;
/** At most this many accounts are listed (the counts are complete). */
export const LIST_MAX = 20;

export interface InvitationWeeks {
  weeks: Date[];
  sent: number[];
  activated: number[];
  expired: number[];
  /** Of the invitations that ended in the window (used or expired), the share used; null when none ended. */
  activationRate: number | null;
}

const welcome = eq(oneTimeTokens.purpose, 'welcome');

/** Links counted per week by one of their moments, within [start, now). */
async function perWeek(column: AnyPgColumn, start: Date, now: Date, scope: DashboardScope, extra?: SQL) {
  const db = await getDb();
  const rows = await db
    .select({
      bucket: sql<number>`floor(extract(epoch from (${column} - ${start.toISOString()}::timestamptz)) / ${WEEK_MS / 1000})::int`,
      n: sql<number>`count(*)::int`,
    })
    .from(oneTimeTokens)
    .where(and(welcome, gte(column, start), lt(column, now), inScope(scope, oneTimeTokens.userId), extra))
    .groupBy(sql`1`);
  return fillBuckets(
    CHART_WEEKS,
    rows.map((r) => ({ bucket: Number(r.bucket), n: Number(r.n) })),
  );
}

export async function invitationWeeks(scope: DashboardScope, now = new Date()): Promise<InvitationWeeks> {
  const weeks = weekStarts(now, CHART_WEEKS);
  const start = weeks[0]!;
  const sent = await perWeek(oneTimeTokens.createdAt, start, now, scope);
  const activated = await perWeek(oneTimeTokens.usedAt, start, now, scope);
  // Expired: its time ran out unused. A link replaced by a newer one (voided) did not expire:
  // the invitation went on with the new link.
  const expired = await perWeek(
    oneTimeTokens.expiresAt,
    start,
    now,
    scope,
    and(isNull(oneTimeTokens.usedAt), isNull(oneTimeTokens.voidedAt)),
  );
  const used = activated.reduce((a, b) => a + b, 0);
  const lapsed = expired.reduce((a, b) => a + b, 0);
  return { weeks, sent, activated, expired, activationRate: used + lapsed ? used / (used + lapsed) : null };
}

export interface DueInvitation {
  userId: string;
  name: string;
  email: string;
  expiresAt: Date;
}

/** Open invitations (account still invited, newest link unused) whose link expires in [from, to). */
function dueWhere(scope: DashboardScope, from: Date, to: Date) {
  return and(
    welcome,
    gte(oneTimeTokens.expiresAt, from),
    lt(oneTimeTokens.expiresAt, to),
    isNull(oneTimeTokens.usedAt),
    isNull(oneTimeTokens.voidedAt),
    eq(users.status, 'invited'),
    inScope(scope, oneTimeTokens.userId),
  );
}

async function dueInvitations(scope: DashboardScope, from: Date, to: Date, limit: number) {
  const db = await getDb();
  const where = dueWhere(scope, from, to);
  const [total] = await db
    .select({ n: count() })
    .from(oneTimeTokens)
    .innerJoin(users, eq(users.id, oneTimeTokens.userId))
    .where(where);
  const rows = await db
    .select({ userId: users.id, name: users.name, email: users.email, expiresAt: oneTimeTokens.expiresAt })
    .from(oneTimeTokens)
    .innerJoin(users, eq(users.id, oneTimeTokens.userId))
    .where(where)
    .orderBy(asc(oneTimeTokens.expiresAt), asc(users.id))
    .limit(limit);
  return { total: Number(total?.n ?? 0), rows };
}

/** Invitations whose link expires within the next 48 hours. */
export function expiringInvitations(scope: DashboardScope, now = new Date(), limit = LIST_MAX) {
  return dueInvitations(scope, now, new Date(now.getTime() + EXPIRING_HOURS * 3600_000), limit);
}

/** Invitations whose link expired unused (within the chart's window) and the account still waits. */
export function expiredInvitations(scope: DashboardScope, now = new Date(), limit = LIST_MAX) {
  return dueInvitations(scope, new Date(now.getTime() - EXPIRED_LOOKBACK_MS), now, limit);
}
