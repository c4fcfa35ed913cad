/**
 * Marks one sent email bounced: the receiving side accepted it, then reported it
 * undeliverable. The same marks as a refusal at send time (status, refused_at, the server's
 * words in last_error), so the account card, the account list, the dashboard and the mail
 * health figures show both alike.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/lib/db/rows';
import type { Db } from '@/lib/db/types';
import { emailOutbox } from '@/lib/db/schema';
import { logDelivery } from '@/lib/observability/log';
import { metrics } from '@/lib/observability/metrics';

export type MarkBouncedResult = 'bounced' | 'already-refused' | 'no-such-email';

/**
 * Only an email that went out (or may have: one being sent again after a lapsed claim) can
 * bounce; one already marked rejected or bounced keeps its first report, so a repeated report
 * changes nothing.
 */
export async function markEmailBounced(db: Db, outboxId: string, reply: string): Promise<MarkBouncedResult> {
  const changed = rowsOf<{ id: string; template: string; to_address: string; attempts: number }>(
    await db.execute(sql`
      update ${emailOutbox} set
        status = 'bounced', refused_at = now(), last_error = ${reply},
        payload = null, locked_until = null, claim_token = null
      where id = ${outboxId} and status in ('sent', 'sending', 'retrying', 'failed')
      returning id, template, to_address, attempts`),
  );
  const row = changed[0];
  if (!row) {
    const existing = rowsOf<{ status: string }>(
      await db.execute(sql`select status from ${emailOutbox} where id = ${outboxId}`),
    );
    return existing[0] && ['rejected', 'bounced'].includes(existing[0].status)
      ? 'already-refused'
      : 'no-such-email';
  }
  metrics().deliveries.inc({ outcome: 'bounced' });
  logDelivery({
    outboxId: row.id,
    template: row.template,
    attempt: row.attempts,
    outcome: 'bounced',
    toDomain: row.to_address.split('@')[1] ?? '',
    // The reply may quote the address; logs keep only its domain.
    error: reply.replace(/[^\s<>"']+@([^\s<>"']+)/g, '…@$1'),
  });
  return 'bounced';
}
