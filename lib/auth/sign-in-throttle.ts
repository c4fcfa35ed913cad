/**
 * Throttling that slows password guessing without letting anyone lock a real person out
 * for good. Per email address (counted for unknown addresses too, so the answer never
 * tells who has an account): after SIGNIN_ACCOUNT_FREE_FAILURES failures, each further
 * attempt waits 30 s, doubling up to 15 min; after SIGNIN_ACCOUNT_BLOCK_AFTER consecutive
 * failures the address is blocked until unblocked (by a password reset, an unblock link
 * by email, or the helpdesk). Per client IP: at most SIGNIN_IP_MAX_FAILURES failures per
 * SIGNIN_IP_WINDOW_MINUTES, shared by all instances.
 *
 * Every attempt is reserved as a failure before the password is looked at, each in one
 * statement that both checks and counts (see `reserveSignInAttempt`), so a burst of
 * parallel guesses gets no more argon2 checks than the limits allow. A correct password
 * gives the reservation back (`signInSucceeded`).
 */
import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { signInThrottle } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { consume, LIMITS, refund } from '@/lib/security/rate-limit';
import type { Db } from '@/lib/db/types';

export type ThrottleVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'account' | 'ip'; retryAfterSeconds: number }
  | { allowed: false; reason: 'blocked' };

/** Seconds to wait after the n-th consecutive failure. */
export function delayAfterFailures(failures: number): number {
  const free = env.SIGNIN_ACCOUNT_FREE_FAILURES;
  if (failures < free) return 0;
  return Math.min(30 * 2 ** (failures - free), 15 * 60);
}

/** delayAfterFailures, in SQL, for a failure count expression. */
function delaySql(failures: SQL): SQL {
  const free = env.SIGNIN_ACCOUNT_FREE_FAILURES;
  return sql`case when ${failures} >= ${free} then least(30 * power(2::float8, least(${failures} - ${free}, 10)), 900) else 0 end`;
}

/**
 * Reserves this attempt as a failure of `email` from `ip`, before the password is checked.
 * The address's reservation is one `INSERT … ON CONFLICT DO UPDATE … WHERE
 * next_attempt_at <= clock_timestamp() AND failures < block RETURNING`: of parallel
 * attempts, only those the schedule allows come back with a row. The per-IP budget is
 * reserved first and given back when the address refuses.
 */
export async function reserveSignInAttempt(email: string, ip: string | null): Promise<ThrottleVerdict> {
  const db = await getDb();
  if (ip) {
    const perIp = await consume(LIMITS.signInFailuresPerIp, ip, db);
    if (!perIp.allowed) return { allowed: false, reason: 'ip', retryAfterSeconds: perIp.retryAfterSeconds };
  }
  const next = sql`"sign_in_throttle"."failures" + 1`;
  const reserved = await db
    .insert(signInThrottle)
    .values({
      email,
      failures: 1,
      nextAttemptAt: sql`clock_timestamp() + make_interval(secs => ${delaySql(sql`1`)})`,
      updatedAt: sql`clock_timestamp()`,
    })
    .onConflictDoUpdate({
      target: signInThrottle.email,
      set: {
        failures: next,
        nextAttemptAt: sql`clock_timestamp() + make_interval(secs => ${delaySql(next)})`,
        updatedAt: sql`clock_timestamp()`,
      },
      // clock_timestamp(): a request that waited for the row lock compares with the time it got it.
      setWhere: sql`"sign_in_throttle"."next_attempt_at" <= clock_timestamp() and "sign_in_throttle"."failures" < ${env.SIGNIN_ACCOUNT_BLOCK_AFTER}`,
    })
    .returning({ failures: signInThrottle.failures });
  if (reserved.length) return { allowed: true };

  if (ip) await refund(LIMITS.signInFailuresPerIp, ip, db);
  const [row] = await db
    .select({
      failures: signInThrottle.failures,
      wait: sql<number>`ceil(extract(epoch from (${signInThrottle.nextAttemptAt} - clock_timestamp())))::int`,
    })
    .from(signInThrottle)
    .where(eq(signInThrottle.email, email));
  if (row && row.failures >= env.SIGNIN_ACCOUNT_BLOCK_AFTER) return { allowed: false, reason: 'blocked' };
  return { allowed: false, reason: 'account', retryAfterSeconds: Math.max(1, Number(row?.wait ?? 1)) };
}

/**
 * The password was right: the address starts afresh and the IP gets its point back.
 * (A wrong one needs nothing more: it was counted when reserved.)
 */
export async function signInSucceeded(email: string, ip: string | null): Promise<void> {
  const db = await getDb();
  await clearSignInThrottle(email, db);
  if (ip) await refund(LIMITS.signInFailuresPerIp, ip, db);
}

/** A correct password, a reset, an unblock link or the helpdesk: the address starts afresh. */
export async function clearSignInThrottle(email: string, tx?: Db): Promise<void> {
  const db = tx ?? (await getDb());
  await db.delete(signInThrottle).where(eq(signInThrottle.email, email));
}
