/**
 * Guessing link tokens: 32 random bytes cannot be guessed, but a client that keeps trying
 * unknown tokens is refused anyway (per IP, shared by all instances), so a flood of
 * lookups costs the attacker, not the database.
 */
import 'server-only';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '@/lib/db/client';
import { rateLimits } from '@/lib/db/schema';

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
  if (!ip) return 0;
  const res = await (await unknownLinks()).get(ip);
  return res && res.consumedPoints >= MAX_UNKNOWN ? Math.ceil(res.msBeforeNext / 1000) : 0;
}

export async function recordUnknownLink(ip: string | null | undefined): Promise<void> {
  if (!ip) return;
  try {
    await (await unknownLinks()).consume(ip);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
  }
}
