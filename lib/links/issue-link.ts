import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens, type TokenPurpose } from '@/lib/db/schema';
import { generateToken, hashToken } from '@/lib/security/tokens';
import { linkUrl } from './link-url';
import { LINK_PURPOSES } from './purposes';
import { voidOpenLinks } from './void-open-links';

/**
 * Issues a new link and voids the person's earlier open links of the same purpose,
 * so only the newest one works. Returns the raw token (it exists only in the email) and
 * the URL to put in the email.
 */
export async function issueLink(
  tx: Db,
  input: { userId: string; purpose: TokenPurpose; sentTo: string; createdById?: string | null },
): Promise<{ token: string; url: string; expiresAt: Date }> {
  await voidOpenLinks(tx, input.userId, input.purpose);
  const token = generateToken();
  const [row] = await tx
    .insert(oneTimeTokens)
    .values({
      purpose: input.purpose,
      userId: input.userId,
      tokenHash: hashToken(token),
      sentTo: input.sentTo,
      expiresAt: sql`now() + ${LINK_PURPOSES[input.purpose].lifetime}::interval`,
      createdById: input.createdById ?? null,
    })
    .returning({ expiresAt: oneTimeTokens.expiresAt });
  return { token, url: linkUrl(input.purpose, token), expiresAt: row!.expiresAt };
}
