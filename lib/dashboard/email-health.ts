/**
 * Email delivery health on the dashboard, from the outbox (lib/email/outbox.ts): what
 * waits (queued or being sent), what is being retried, what failed in the last week, and
 * how long the oldest waiting email has waited. Counted by the (status, next_attempt_at)
 * index; sent rows, the bulk of the table, are never read.
 */
import 'server-only';
import { and, eq, gte, inArray, or, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { inScope, type DashboardScope } from './scope';
import { WEEK_MS } from './windows';

export interface EmailHealth {
  queued: number;
  retrying: number;
  /** Given up on (still failing 24 hours after queuing), in the last 7 days. */
  failed: number;
  /** When the oldest email not yet sent (queued, sending or retrying) was queued. */
  oldestWaitingSince: Date | null;
}

export async function emailHealth(scope: DashboardScope, now = new Date()): Promise<EmailHealth> {
  const db = await getDb();
  const weekAgo = new Date(now.getTime() - WEEK_MS);
  const [row] = await db
    .select({
      queued: sql<number>`count(*) filter (where ${emailOutbox.status} in ('queued', 'sending'))::int`,
      retrying: sql<number>`count(*) filter (where ${emailOutbox.status} = 'retrying')::int`,
      failed: sql<number>`count(*) filter (where ${emailOutbox.status} = 'failed')::int`,
      oldest: sql<
        string | null
      >`to_char(min(${emailOutbox.createdAt}) filter (where ${emailOutbox.status} <> 'failed') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    })
    .from(emailOutbox)
    .where(
      and(
        // Failed rows stay 90 days: only those of the last week count.
        or(
          inArray(emailOutbox.status, ['queued', 'sending', 'retrying']),
          and(eq(emailOutbox.status, 'failed'), gte(emailOutbox.createdAt, weekAgo)),
        ),
        inScope(scope, emailOutbox.userId),
      ),
    );
  return {
    queued: Number(row?.queued ?? 0),
    retrying: Number(row?.retrying ?? 0),
    failed: Number(row?.failed ?? 0),
    oldestWaitingSince: row?.oldest ? new Date(row.oldest) : null,
  };
}
