import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens, type TokenPurpose } from '@/lib/db/schema';
import { hashToken } from '@/lib/security/tokens';
import { inspectLink } from './inspect-link';
import type { LinkProblemState } from './link-problem';

/**
 * Uses a link (consumes it): marks it used if, and only if, it is still open and unexpired. The one
 * caller that wins gets the user id (and the address the link went to); a caller that lost (someone used it a moment ago, it
 * just expired, the account was deactivated meanwhile) gets what the link is now.
 */
export async function consumeLink(
  tx: Db,
  token: string,
  purpose: TokenPurpose,
): Promise<{ ok: true; userId: string; sentTo: string } | { ok: false; problem: LinkProblemState }> {
  const [row] = await tx
    .update(oneTimeTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(oneTimeTokens.tokenHash, hashToken(token)),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        isNull(oneTimeTokens.voidedAt),
        gt(oneTimeTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: oneTimeTokens.userId, sentTo: oneTimeTokens.sentTo });
  if (row) return { ok: true, userId: row.userId, sentTo: row.sentTo };
  const now = await inspectLink(tx, token);
  if (now.accountStatus === 'deactivated') return { ok: false, problem: 'deactivated' };
  return { ok: false, problem: now.state === 'valid' ? 'used' : now.state };
}
