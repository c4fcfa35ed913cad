/**
 * Throttling that slows password guessing without letting anyone lock a real person out
 * for good. Per email address (counted for unknown addresses too, so the answer never
 * tells who has an account): after SIGNIN_ACCOUNT_FREE_FAILURES failures, each further
 * attempt waits 30 s, doubling up to 15 min; after SIGNIN_ACCOUNT_BLOCK_AFTER consecutive
 * failures the address is blocked until unblocked (by a password reset, an unblock link
 * by email, or the helpdesk). Per client IP: at most SIGNIN_IP_MAX_FAILURES failures per
 * SIGNIN_IP_WINDOW_MINUTES, shared by all instances.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '@/lib/db/client';
import { rateLimits, signInThrottle } from '@/lib/db/schema';
import { env } from '@/lib/env';
import type { Db } from '@/lib/db/types';
import { ipLimitKey } from '@/lib/security/client-ip';

export type ThrottleVerdict = { allowed: true } | { allowed: false; reason: 'account' | 'ip'; retryAfterSeconds: number } | { allowed: false; reason: 'blocked' };

/** Seconds to wait after the n-th consecutive failure. */
export function delayAfterFailures(failures: number): number {
  const free = env.SIGNIN_ACCOUNT_FREE_FAILURES;
  if (failures < free) return 0;
  return Math.min(30 * 2 ** (failures - free), 15 * 60);
}

let ipLimiter: Promise<RateLimiterDrizzle> | undefined;
function ipFailures(): Promise<RateLimiterDrizzle> {
  ipLimiter ??= getDb().then(
    (db) =>
      new RateLimiterDrizzle({
        storeClient: db,
        schema: rateLimits,
        keyPrefix: 'sign-in-failures:ip',
        points: env.SIGNIN_IP_MAX_FAILURES,
        duration: env.SIGNIN_IP_WINDOW_MINUTES * 60,
        clearExpiredByTimeout: false,
      }),
  );
  return ipLimiter;
}

/** May this attempt go ahead? Checked before the password is looked at. */
export async function checkSignInAllowed(email: string, ip: string | null): Promise<ThrottleVerdict> {
  const db = await getDb();
  const [row] = await db
    .select({ failures: signInThrottle.failures, wait: sql<number>`ceil(extract(epoch from (${signInThrottle.nextAttemptAt} - now())))::int` })
    .from(signInThrottle)
    .where(eq(signInThrottle.email, email));
  if (row && row.failures >= env.SIGNIN_ACCOUNT_BLOCK_AFTER) return { allowed: false, reason: 'blocked' };
  if (row && row.wait > 0) return { allowed: false, reason: 'account', retryAfterSeconds: row.wait };
  const ipKey = ipLimitKey(ip);
  if (ipKey) {
    const res = await (await ipFailures()).get(ipKey);
    if (res && res.consumedPoints >= env.SIGNIN_IP_MAX_FAILURES) return { allowed: false, reason: 'ip', retryAfterSeconds: Math.ceil(res.msBeforeNext / 1000) };
  }
  return { allowed: true };
}

/** Counts a failed attempt against the address and the client IP. */
export async function recordSignInFailure(email: string, ip: string | null): Promise<void> {
  const db = await getDb();
  await db
    .insert(signInThrottle)
    .values({ email, failures: 1, nextAttemptAt: sql`now()` })
    .onConflictDoUpdate({ target: signInThrottle.email, set: { failures: sql`${signInThrottle.failures} + 1`, updatedAt: sql`now()` } });
  const [row] = await db.select({ failures: signInThrottle.failures }).from(signInThrottle).where(eq(signInThrottle.email, email));
  const wait = delayAfterFailures(row?.failures ?? 1);
  if (wait > 0) await db.update(signInThrottle).set({ nextAttemptAt: sql`now() + make_interval(secs => ${wait})` }).where(eq(signInThrottle.email, email));
  const ipKey = ipLimitKey(ip);
  if (ipKey) {
    try {
      await (await ipFailures()).consume(ipKey);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
    }
  }
}

/** A correct password, a reset, an unblock link or the helpdesk: the address starts afresh. */
export async function clearSignInThrottle(email: string, tx?: Db): Promise<void> {
  const db = tx ?? (await getDb());
  await db.delete(signInThrottle).where(eq(signInThrottle.email, email));
}

