import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens, type TokenPurpose } from '@/lib/db/schema';
import { generateToken, hashToken } from '@/lib/security/tokens';
import { linkUrl } from './link-url';
import { LINK_PURPOSES } from './purposes';

/**
 * issueLink for many accounts made a moment ago in this transaction (an import): they have
 * no earlier links to void, so all links are one INSERT instead of two statements each.
 */
export async function issueFirstLinks(
  tx: Db,
  inputs: readonly { userId: string; purpose: TokenPurpose; sentTo: string; createdById?: string | null }[],
): Promise<Map<string, { token: string; url: string; expiresAt: Date }>> {
  const links = new Map<string, { token: string; url: string; expiresAt: Date }>();
  if (inputs.length === 0) return links;
  const tokens = inputs.map(() => generateToken());
  const rows = await tx
    .insert(oneTimeTokens)
    .values(
      inputs.map((input, i) => ({
        purpose: input.purpose,
        userId: input.userId,
        tokenHash: hashToken(tokens[i]!),
        sentTo: input.sentTo,
        expiresAt: sql`now() + ${LINK_PURPOSES[input.purpose].lifetime}::interval`,
        createdById: input.createdById ?? null,
      })),
    )
    .returning({ userId: oneTimeTokens.userId, expiresAt: oneTimeTokens.expiresAt });
  const expiry = new Map(rows.map((r) => [r.userId, r.expiresAt]));
  inputs.forEach((input, i) =>
    links.set(input.userId, {
      token: tokens[i]!,
      url: linkUrl(input.purpose, tokens[i]!),
      expiresAt: expiry.get(input.userId)!,
    }),
  );
  return links;
}
