/**
 * Links sent by email (welcome, reset): issuing, inspecting and using them.
 *
 * Opening a link only inspects it (mail scanners open links). Using it is one
 * conditional UPDATE, so of two simultaneous submissions exactly one wins, and expiry
 * is compared with the database clock.
 */
import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens, users, type TokenPurpose } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { generateToken, hashToken, isWellFormedToken } from '@/lib/security/tokens';
import { linkGuessingWait, linkWasKnown } from '@/lib/security/link-guessing';

export const LINK_LIFETIME: Record<TokenPurpose, string> = {
  welcome: '7 days',
  reset: '1 hour',
  unblock: '1 hour',
};

const LINK_PATH: Record<TokenPurpose, string> = {
  welcome: '/welcome',
  reset: '/reset-password',
  unblock: '/unblock',
};

/** Built from APP_URL, never from the request's Host header. */
export function linkUrl(purpose: TokenPurpose, token: string): string {
  return `${env.APP_URL}${LINK_PATH[purpose]}?token=${token}`;
}

/**
 * Issues a new link and voids the person's earlier open links of the same purpose,
 * so only the newest one works. Returns the raw token: it exists only in the email.
 */
export async function issueLink(
  tx: Db,
  input: { userId: string; purpose: TokenPurpose; sentTo: string; createdById?: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  await voidOpenLinks(tx, input.userId, input.purpose);
  const token = generateToken();
  const [row] = await tx
    .insert(oneTimeTokens)
    .values({
      purpose: input.purpose,
      userId: input.userId,
      tokenHash: hashToken(token),
      sentTo: input.sentTo,
      expiresAt: sql`now() + ${LINK_LIFETIME[input.purpose]}::interval`,
      createdById: input.createdById ?? null,
    })
    .returning({ expiresAt: oneTimeTokens.expiresAt });
  return { token, expiresAt: row!.expiresAt };
}

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

export type LinkState = 'valid' | 'used' | 'expired' | 'superseded' | 'unknown' | 'throttled';

export interface LinkInspection {
  state: LinkState;
  purpose?: TokenPurpose;
  userId?: string;
  email?: string;
  name?: string;
  accountStatus?: string;
}

/** Reads what a link is, without using it. */
export async function inspectLink(db: Db, token: unknown): Promise<LinkInspection> {
  if (!isWellFormedToken(token)) return { state: 'unknown' };
  const [row] = await db
    .select({
      purpose: oneTimeTokens.purpose,
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
  const state: LinkState = row.usedAt ? 'used' : row.voidedAt ? 'superseded' : row.expired ? 'expired' : 'valid';
  return { state, purpose: row.purpose, userId: row.userId, email: row.email, name: row.name, accountStatus: row.accountStatus };
}

/**
 * Uses a link: marks it used if, and only if, it is still open and unexpired.
 * Returns the user id for the one caller that won, or null.
 */
export async function consumeLink(tx: Db, token: string, purpose: TokenPurpose): Promise<string | null> {
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
    .returning({ userId: oneTimeTokens.userId });
  return row?.userId ?? null;
}

/**
 * inspectLink for a visitor: refused outright while their IP is guessing (too many unknown
 * tokens lately). Every lookup is reserved as a guess before it runs (so a parallel burst
 * gets no more lookups than the limit) and given back when the token exists.
 */
export async function inspectLinkFor(db: Db, token: unknown, ip: string | null | undefined): Promise<LinkInspection> {
  if (await linkGuessingWait(ip)) return { state: 'throttled' };
  const inspection = await inspectLink(db, token);
  if (inspection.state !== 'unknown') await linkWasKnown(ip);
  return inspection;
}
