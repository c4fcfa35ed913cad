import 'server-only';
import type { Db } from '@/lib/db/types';
import type { TokenPurpose } from '@/lib/db/schema';
import { isWellFormedToken } from '@/lib/security/tokens';
import { linkGuessingWait, linkWasKnown, recordUnknownLink } from './guessing';
import { inspectLink, type LinkInspection } from './inspect-link';
import type { LinkProblemState } from './link-problem';

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
