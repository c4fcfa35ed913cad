import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens } from '@/lib/db/schema';

/**
 * Voids both links of a pending change of address (the confirmation to the new address and
 * the cancel link to the old one); true when a change was waiting.
 */
export async function dropPendingEmailChange(tx: Db, userId: string): Promise<boolean> {
  const voided = await tx
    .update(oneTimeTokens)
    .set({ voidedAt: sql`now()` })
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        sql`${oneTimeTokens.purpose} in ('confirm_email', 'cancel_email_change')`,
        isNull(oneTimeTokens.usedAt),
        isNull(oneTimeTokens.voidedAt),
      ),
    )
    .returning({
      purpose: oneTimeTokens.purpose,
      expired: sql<boolean>`${oneTimeTokens.expiresAt} <= now()`,
    });
  return voided.some((row) => row.purpose === 'confirm_email' && !row.expired);
}
