import { rowsOf } from '@/lib/db/rows';
import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailStatuses } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { metrics } from './metrics';

/** Does the request carry the metrics token? Compared in constant time. */
export function mayScrape(authorization: string | null): boolean {
  if (!env.METRICS_TOKEN || !authorization?.startsWith('Bearer ')) return false;
  const given = Buffer.from(authorization.slice('Bearer '.length));
  const expected = Buffer.from(env.METRICS_TOKEN);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads the shared state into the gauges, then renders every metric in Prometheus text format. */
export async function scrape(): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  const db = await getDb();
  const [outbox, throttle] = await Promise.all([
    db.execute(sql`
      select status, count(*)::int as count,
             extract(epoch from now() - min(created_at) filter (where status in ('queued', 'sending', 'retrying')))::float as oldest
      from email_outbox group by status`),
    db.execute(sql`
      select count(*) filter (where next_attempt_at > now() and failures < ${env.SIGNIN_ACCOUNT_BLOCK_AFTER})::int as throttled,
             count(*) filter (where failures >= ${env.SIGNIN_ACCOUNT_BLOCK_AFTER})::int as blocked
      from sign_in_throttle`),
  ]);
  const rows = rowsOf<{ status: string; count: number; oldest: number | null }>(outbox);
  for (const status of emailStatuses)
    m.emails.set({ status }, Number(rows.find((r) => r.status === status)?.count ?? 0));
  m.oldestWaiting.set(Math.max(0, ...rows.map((r) => Number(r.oldest ?? 0))));
  const [t] = rowsOf<{ throttled: number; blocked: number }>(throttle);
  m.throttled.set(Number(t?.throttled ?? 0));
  m.blocked.set(Number(t?.blocked ?? 0));
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
