/**
 * Sign-in trouble on the dashboard: failed sign-ins per day (audit events, by the
 * (action, at) index over 14 days) and the addresses paused or blocked right now (the
 * sign_in_throttle table, which holds only addresses with recent failures).
 */
import 'server-only';
import { and, eq, gt, gte, lt, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, signInThrottle } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { inScope, type DashboardScope } from './scope';
import { DAY_MS, dayStarts, fillBuckets } from './windows';

export const CHART_DAYS = 14;

export interface SignInTrouble {
  days: Date[];
  failed: number[];
  /** Addresses that must wait before the next attempt now. */
  throttled: number;
  /** Addresses blocked until a reset, an unblock link or the helpdesk. */
  blocked: number;
}

export async function signInTrouble(scope: DashboardScope, now = new Date()): Promise<SignInTrouble> {
  const db = await getDb();
  const days = dayStarts(now, CHART_DAYS);
  const start = days[0]!;
  const rows = await db
    .select({
      bucket: sql<number>`floor(extract(epoch from (${auditEvents.at} - ${start.toISOString()}::timestamptz)) / ${DAY_MS / 1000})::int`,
      n: sql<number>`count(*)::int`,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, 'sign_in.failed'),
        gte(auditEvents.at, start),
        lt(auditEvents.at, now),
        inScope(scope, auditEvents.targetId),
      ),
    )
    .groupBy(sql`1`);
  const [throttle] = await db
    .select({
      throttled: sql<number>`count(*) filter (where ${signInThrottle.failures} < ${env.SIGNIN_ACCOUNT_BLOCK_AFTER} and ${signInThrottle.nextAttemptAt} > ${now.toISOString()}::timestamptz)::int`,
      blocked: sql<number>`count(*) filter (where ${signInThrottle.failures} >= ${env.SIGNIN_ACCOUNT_BLOCK_AFTER})::int`,
    })
    .from(signInThrottle)
    .where(and(gt(signInThrottle.failures, 0), inScope(scope, signInThrottle.email, 'email')));
  return {
    days,
    failed: fillBuckets(
      CHART_DAYS,
      rows.map((r) => ({ bucket: Number(r.bucket), n: Number(r.n) })),
    ),
    throttled: Number(throttle?.throttled ?? 0),
    blocked: Number(throttle?.blocked ?? 0),
  };
}
