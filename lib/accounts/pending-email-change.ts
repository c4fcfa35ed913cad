import 'server-only';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens } from '@/lib/db/schema';

export interface PendingEmailChange {
  newEmail: string;
  expiresAt: Date;
  requestedAt: Date;
}

/**
 * The change of address waiting for the new address to confirm it, if any. The pending
 * change is the open confirm_email link itself (its sent_to is the new address): no second
 * copy of the state to keep in step. See change-email.ts.
 */
export async function pendingEmailChange(db: Db, userId: string): Promise<PendingEmailChange | null> {
  const [row] = await db
    .select({
      newEmail: oneTimeTokens.sentTo,
      expiresAt: oneTimeTokens.expiresAt,
      requestedAt: oneTimeTokens.createdAt,
    })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        eq(oneTimeTokens.purpose, 'confirm_email'),
        isNull(oneTimeTokens.usedAt),
        isNull(oneTimeTokens.voidedAt),
        gt(oneTimeTokens.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(oneTimeTokens.createdAt))
    .limit(1);
  return row ?? null;
}
