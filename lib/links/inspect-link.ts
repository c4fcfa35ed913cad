import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens, users, type TokenPurpose } from '@/lib/db/schema';
import { hashToken, isWellFormedToken } from '@/lib/security/tokens';

export type LinkState = 'valid' | 'used' | 'expired' | 'superseded' | 'unknown';

export interface LinkInspection {
  state: LinkState;
  purpose?: TokenPurpose;
  userId?: string;
  email?: string;
  name?: string;
  accountStatus?: string;
  /** The address the link was sent to (for a new address being confirmed, that address). */
  sentTo?: string;
}

/** Reads what a token is, whatever its purpose, without using it or counting it as a guess. */
export async function inspectLink(db: Db, token: unknown): Promise<LinkInspection> {
  if (!isWellFormedToken(token)) return { state: 'unknown' };
  const [row] = await db
    .select({
      purpose: oneTimeTokens.purpose,
      sentTo: oneTimeTokens.sentTo,
      usedAt: oneTimeTokens.usedAt,
      voidedAt: oneTimeTokens.voidedAt,
      expired: sql<boolean>`${oneTimeTokens.expiresAt} <= now()`,
      userId: users.id,
      email: users.email,
      name: users.name,
      accountStatus: users.status,
    })
    .from(oneTimeTokens)
    .innerJoin(users, eq(users.id, oneTimeTokens.userId))
    .where(eq(oneTimeTokens.tokenHash, hashToken(token)));
  if (!row) return { state: 'unknown' };
  const state: LinkState = row.usedAt
    ? 'used'
    : row.voidedAt
      ? 'superseded'
      : row.expired
        ? 'expired'
        : 'valid';
  return {
    state,
    purpose: row.purpose,
    userId: row.userId,
    email: row.email,
    name: row.name,
    accountStatus: row.accountStatus,
    sentTo: row.sentTo,
  };
}
