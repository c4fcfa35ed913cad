import { rowsOf } from '@/lib/db/rows';
import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailStatuses } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { metrics } from './metrics';

/** Domains listed in gatehouse_emails_refused_24h: enough to see a spike, few enough to keep the labels bounded. */
const REFUSED_DOMAINS = 20;

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
  const [outbox, throttle, refused] = await Promise.all([
    db.execute(sql`
      select status, count(*)::int as count,
             extract(epoch from now() - min(created_at) filter (where status in ('queued', 'sending', 'retrying')))::float as oldest
      from email_outbox group by status`),
    db.execute(sql`
      select count(*) filter (where next_attempt_at > now() and failures < ${env.SIGNIN_ACCOUNT_BLOCK_AFTER})::int as throttled,
             count(*) filter (where failures >= ${env.SIGNIN_ACCOUNT_BLOCK_AFTER})::int as blocked
      from sign_in_throttle`),
    // By email_outbox_refused_idx: only the last day's refusals are read.
    db.execute(sql`
      select lower(split_part(to_address, '@', 2)) as domain,
             count(*) filter (where status = 'rejected')::int as rejected,
             count(*) filter (where status = 'bounced')::int as bounced
      from email_outbox where refused_at > now() - interval '24 hours'
      group by 1 order by count(*) desc, 1 limit ${REFUSED_DOMAINS}`),
  ]);
  const rows = rowsOf<{ status: string; count: number; oldest: number | null }>(outbox);
  for (const status of emailStatuses)
    m.emails.set({ status }, Number(rows.find((r) => r.status === status)?.count ?? 0));
  m.oldestWaiting.set(Math.max(0, ...rows.map((r) => Number(r.oldest ?? 0))));
  const [t] = rowsOf<{ throttled: number; blocked: number }>(throttle);
  m.throttled.set(Number(t?.throttled ?? 0));
  m.blocked.set(Number(t?.blocked ?? 0));
  // Domains that had no refusal in the last day leave the output instead of staying at their last value.
  m.refusedByDomain.reset();
  for (const r of rowsOf<{ domain: string; rejected: number; bounced: number }>(refused)) {
    m.refusedByDomain.set({ domain: r.domain, status: 'rejected' }, Number(r.rejected));
    m.refusedByDomain.set({ domain: r.domain, status: 'bounced' }, Number(r.bounced));
  }
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
