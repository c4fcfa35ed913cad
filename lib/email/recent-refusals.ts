/**
 * Emails refused or bounced since a moment, for accounts this staff member made: what the
 * console's live notice polls for (components/refusal-notice.tsx), so the person who just
 * made an account with a typo in its address hears of it on whatever page they are on.
 * Read by email_outbox_refused_idx (refused_at, partial): a few rows at most.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/rows';
import { refusalKind, type RefusalKind } from './smtp-refusal';

export interface RecentRefusal {
  outboxId: string;
  userId: string;
  name: string;
  email: string;
  status: 'rejected' | 'bounced';
  kind: RefusalKind;
  /** ISO time of the refusal: the next poll asks for what came after it. */
  refusedAt: string;
}

/** How far back a poll may look: a console page open for a day does not ask for more. */
const LOOK_BACK_MS = 24 * 3600 * 1000;
const LIMIT = 10;

export async function recentRefusals(createdById: string, since: Date): Promise<RecentRefusal[]> {
  const from = new Date(Math.max(since.getTime(), Date.now() - LOOK_BACK_MS));
  const db = await getDb();
  const rows = rowsOf<{
    id: string;
    user_id: string;
    name: string;
    email: string;
    status: 'rejected' | 'bounced';
    last_error: string | null;
    refused_at: string;
  }>(
    await db.execute(sql`
      select o.id, o.user_id, u.name, u.email, o.status, o.last_error,
             to_char(o.refused_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as refused_at
      from email_outbox o join users u on u.id = o.user_id
      -- In milliseconds, as the poll hands the time back (a JavaScript date): the last refusal
      -- seen is not "after" itself.
      where o.refused_at > ${from.toISOString()}::timestamptz
        and date_trunc('milliseconds', o.refused_at) > ${from.toISOString()}::timestamptz
        and u.created_by_id = ${createdById} and o.to_address = u.email
      order by o.refused_at
      limit ${LIMIT}`),
  );
  return rows.map((r) => ({
    outboxId: r.id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    status: r.status,
    kind: refusalKind(r.last_error),
    refusedAt: r.refused_at,
  }));
}
