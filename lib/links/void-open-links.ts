import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens, type TokenPurpose } from '@/lib/db/schema';

/** Voids open links of one purpose, or of every purpose when none is given. */
export async function voidOpenLinks(tx: Db, userId: string, purpose?: TokenPurpose): Promise<void> {
  await tx
    .update(oneTimeTokens)
    .set({ voidedAt: sql`now()` })
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        isNull(oneTimeTokens.usedAt),
        isNull(oneTimeTokens.voidedAt),
        purpose ? eq(oneTimeTokens.purpose, purpose) : undefined,
      ),
    );
}
