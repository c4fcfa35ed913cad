/**
 * Guessing link tokens: 32 random bytes cannot be guessed, but a client that keeps trying
 * unknown tokens is refused anyway (per IP, shared by all instances), so a flood of
 * lookups costs the attacker, not the database.
 *
 * Reserved before the lookup, in one statement (see rate-limit.ts), so a parallel burst
 * gets no more lookups than the limit: `linkGuessingWait` counts the lookup as unknown
 * up front, and `linkWasKnown` gives the point back when the token exists.
 */
import 'server-only';
import { consume, LIMITS, refund } from '@/lib/security/rate-limit';

/** Reserves one lookup for this IP: 0 when it may go ahead, else the seconds to wait. */
export async function linkGuessingWait(ip: string | null | undefined): Promise<number> {
  if (!ip) return 0;
  const reserved = await consume(LIMITS.unknownLinkPerIp, ip);
  return reserved.allowed ? 0 : reserved.retryAfterSeconds;
}

/** The token reserved with `linkGuessingWait` exists: it does not count as a guess. */
export async function linkWasKnown(ip: string | null | undefined): Promise<void> {
  if (ip) await refund(LIMITS.unknownLinkPerIp, ip);
}

/** Counts an unknown token that was never looked up (malformed), without a reservation. */
export async function recordUnknownLink(ip: string | null | undefined): Promise<void> {
  if (ip) await consume(LIMITS.unknownLinkPerIp, ip);
}
