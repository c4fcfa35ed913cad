/**
 * Links sent by email (welcome, reset, unblock): issuing, checking, using and voiding them.
 * A reader follows a token's whole life in this folder: purposes.ts (which page, how long),
 * cookie.ts (out of the address bar), guessing.ts (refusing guessers), landing.ts (the page).
 *
 * Opening a link only checks it (mail scanners open links). Using it is one conditional
 * UPDATE, so of two simultaneous submissions exactly one wins, and expiry is compared with
 * the database clock.
 */
import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens, users, type TokenPurpose } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { generateToken, hashToken, isWellFormedToken } from '@/lib/security/tokens';
import { linkGuessingWait, linkWasKnown, recordUnknownLink } from './guessing';
import { LINK_PURPOSES } from './purposes';

/** Why a link does not work, in the words the link pages use. */
export type LinkProblemState = 'used' | 'expired' | 'superseded' | 'unknown' | 'deactivated' | 'throttled';

/** Built from APP_URL, never from the request's Host header. */
export function linkUrl(purpose: TokenPurpose, token: string): string {
  return `${env.APP_URL}${LINK_PURPOSES[purpose].page}?token=${token}`;
}

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

/** A link that passed every check: who it belongs to. */
export interface OpenLink {
  userId: string;
  email: string;
  name: string;
  accountStatus: string;
  sentTo: string;
}

export type LinkCheck =
  | { ok: true; link: OpenLink }
  /** `link` is there when the token was found, so a page can still tell whose it was. */
  | { ok: false; problem: LinkProblemState; link?: LinkInspection };

/**
 * Whether a visitor's token works for this purpose, always in this order, for every
 * purpose: well-formed, not guessing, found, this purpose, account not deactivated, then
 * unused, not replaced and unexpired. Unknown tokens count towards the visitor's guessing
 * limit. Deactivation comes before the link's own state: deactivating voids every link,
 * and "replaced" would send the person looking for a newer email.
 */
export async function checkLink(
  db: Db,
  token: unknown,
  purpose: TokenPurpose,
  ip: string | null | undefined,
): Promise<LinkCheck> {
  if (!isWellFormedToken(token)) {
    await recordUnknownLink(ip);
    return { ok: false, problem: 'unknown' };
  }
  // Every lookup is reserved as a guess before it runs (so a parallel burst gets no more
  // lookups than the limit) and given back when the token exists.
  if (await linkGuessingWait(ip)) return { ok: false, problem: 'throttled' };
  const link = await inspectLink(db, token);
  if (link.state === 'unknown') return { ok: false, problem: 'unknown' };
  await linkWasKnown(ip);
  if (link.purpose !== purpose) return { ok: false, problem: 'unknown' };
  if (link.accountStatus === 'deactivated') return { ok: false, problem: 'deactivated', link };
  if (link.state !== 'valid') return { ok: false, problem: link.state, link };
  return {
    ok: true,
    link: {
      userId: link.userId!,
      email: link.email!,
      name: link.name!,
      accountStatus: link.accountStatus!,
      sentTo: link.sentTo!,
    },
  };
}

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
