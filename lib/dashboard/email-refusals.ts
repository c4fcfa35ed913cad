/**
 * Emails refused or bounced in the last 7 days, for the dashboard (issue 30): the newest
 * few, each with its account and the plain reason, and the counts by receiving domain, so
 * a typo shows as one person to call and a blocklisting as a spike at one domain.
 * Read by email_outbox_refused_idx (refused_at, partial): sent rows are never read.
 */
import 'server-only';
import { and, desc, gte, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox, users } from '@/lib/db/schema';
import { refusalKind, type RefusalKind } from '@/lib/email/smtp-refusal';
import { inScope, type DashboardScope } from './scope';
import { WEEK_MS } from './windows';

export interface RefusedEmail {
  userId: string;
  name: string;
  toAddress: string;
  status: 'rejected' | 'bounced';
  kind: RefusalKind;
  refusedAt: Date;
}

export interface EmailRefusals {
  recent: RefusedEmail[];
  byDomain: { domain: string; rejected: number; bounced: number }[];
}

const RECENT = 10;
const DOMAINS = 10;

export async function emailRefusals(scope: DashboardScope, now = new Date()): Promise<EmailRefusals> {
  const db = await getDb();
  const since = and(
    gte(emailOutbox.refusedAt, new Date(now.getTime() - WEEK_MS)),
    inScope(scope, emailOutbox.userId),
  );
  const domain = sql<string>`lower(split_part(${emailOutbox.toAddress}, '@', 2))`;
  const [recent, byDomain] = await Promise.all([
    db
      .select({
        userId: users.id,
        name: users.name,
        toAddress: emailOutbox.toAddress,
        status: emailOutbox.status,
        lastError: emailOutbox.lastError,
        refusedAt: emailOutbox.refusedAt,
      })
      .from(emailOutbox)
      .innerJoin(users, sql`${users.id} = ${emailOutbox.userId}`)
      .where(since)
      .orderBy(desc(emailOutbox.refusedAt))
      .limit(RECENT),
    db
      .select({
        domain,
        rejected: sql<number>`count(*) filter (where ${emailOutbox.status} = 'rejected')::int`,
        bounced: sql<number>`count(*) filter (where ${emailOutbox.status} = 'bounced')::int`,
      })
      .from(emailOutbox)
      .where(since)
      .groupBy(domain)
      .orderBy(desc(sql`count(*)`), domain)
      .limit(DOMAINS),
  ]);
  return {
    recent: recent.map((r) => ({
      userId: r.userId,
      name: r.name,
      toAddress: r.toAddress,
      status: r.status === 'bounced' ? 'bounced' : 'rejected',
      kind: refusalKind(r.lastError),
      refusedAt: r.refusedAt!,
    })),
    byDomain: byDomain.map((d) => ({
      domain: d.domain,
      rejected: Number(d.rejected),
      bounced: Number(d.bounced),
    })),
  };
}
