/**
 * Guessing link tokens: 32 random bytes cannot be guessed, but a client that keeps trying
 * unknown tokens is refused anyway (per IP, shared by all instances), so a flood of
 * lookups costs the attacker, not the database.
 */
import 'server-only';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '@/lib/db/client';
import { rateLimits } from '@/lib/db/schema';
import { ipLimitKey } from '@/lib/security/client-ip';

const MAX_UNKNOWN = 30;
const WINDOW_SECONDS = 15 * 60;

let limiter: Promise<RateLimiterDrizzle> | undefined;
function unknownLinks(): Promise<RateLimiterDrizzle> {
  limiter ??= getDb().then(
    (db) =>
      new RateLimiterDrizzle({
        storeClient: db,
        schema: rateLimits,
        keyPrefix: 'unknown-link:ip',
        points: MAX_UNKNOWN,
        duration: WINDOW_SECONDS,
        clearExpiredByTimeout: false,
      }),
  );
  return limiter;
}

/** Seconds until this IP may try links again, or 0. */
export async function linkGuessingWait(ip: string | null | undefined): Promise<number> {
  const key = ipLimitKey(ip);
  if (!key) return 0;
  const res = await (await unknownLinks()).get(key);
  return res && res.consumedPoints >= MAX_UNKNOWN ? Math.ceil(res.msBeforeNext / 1000) : 0;
}

export async function recordUnknownLink(ip: string | null | undefined): Promise<void> {
  const key = ipLimitKey(ip);
  if (!key) return;
  try {
    await (await unknownLinks()).consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
  }
}
