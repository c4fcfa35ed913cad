/**
 * Where the batch's welcome emails are, read from the outbox (the newest welcome email of
 * each account the batch created), so the progress bar shows what really happened to each.
 */
import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox, type EmailStatus, type ImportBatchStatus } from '@/lib/db/schema';
import type { Batch } from './batch';

/** Accounts per query: well below PostgreSQL's limit on parameters. */
const PER_QUERY = 5000;

/** Delivery as the progress bar counts it: waiting (queued, sending, retrying), sent, or failed (failed, rejected, bounced). */
export type Delivery = 'waiting' | 'sent' | 'failed';

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

export async function getImportProgress(batch: Batch): Promise<ImportProgress> {
  const userIds = (batch.results ?? []).flatMap((r) => (r.userId ? [r.userId] : []));
  const delivery = new Map<string, Delivery>();
  const db = await getDb();
  for (let i = 0; i < userIds.length; i += PER_QUERY) {
    const rows = await db
      .selectDistinctOn([emailOutbox.userId], { userId: emailOutbox.userId, status: emailOutbox.status })
      .from(emailOutbox)
      .where(
        and(
          inArray(emailOutbox.userId, userIds.slice(i, i + PER_QUERY)),
          eq(emailOutbox.template, 'welcome'),
        ),
      )
      .orderBy(emailOutbox.userId, desc(emailOutbox.createdAt));
    for (const r of rows) delivery.set(r.userId!, deliveryOf(r.status));
  }
  const counts = { waiting: 0, sent: 0, failed: 0 };
  for (const d of delivery.values()) counts[d] += 1;
  return { status: batch.status, total: userIds.length, ...counts, delivery };
}

/** Refused (rejected) or returned (bounced) is not delivered and will not be retried: failed, not waiting forever. */
function deliveryOf(status: EmailStatus): Delivery {
  if (status === 'sent') return 'sent';
  return status === 'failed' || status === 'rejected' || status === 'bounced' ? 'failed' : 'waiting';
}
