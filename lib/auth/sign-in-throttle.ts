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
import { rateLimits, signInThrottle, users, type Role } from '@/lib/db/schema';
import { rowsOf } from '@/lib/db/rows';
import { env } from '@/lib/env';
import { LIMITS, limitKey, limitWait, refund, reservationStatement } from '@/lib/security/rate-limit';
import type { Db } from '@/lib/db/types';
import { secondStepOnSql } from '@/lib/sessions/second-step-on';

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
 * The reservation of one attempt for `email` from `ip`, as the WITH clause of a statement:
 * `ip_reserved` has a row when the per-IP budget took it, `address_reserved` when the
 * address's schedule did. The address is asked only when the IP took it (a refused IP costs
 * the address nothing). Each is an `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`:
 * PostgreSQL locks the row and re-evaluates the WHERE on its newest version, so of parallel
 * attempts only those the limits allow come back with a row. Rows are locked in one order
 * (IP, then address) by every statement, so two never wait for each other.
 */
function reservation(email: string, ip: string | null): SQL {
  const ipKey = limitKey(LIMITS.signInFailuresPerIp, ip);
  const next = sql`"sign_in_throttle"."failures" + 1`;
  return sql`with ip_reserved as (${ipKey === null ? sql`select 1` : reservationStatement(LIMITS.signInFailuresPerIp, ipKey)}),
    address_reserved as (
      insert into ${signInThrottle} ("email", "failures", "next_attempt_at", "updated_at")
      select ${email}, 1, clock_timestamp() + make_interval(secs => ${delaySql(sql`1`)}), clock_timestamp()
      where exists (select 1 from ip_reserved)
      on conflict ("email") do update set
        "failures" = ${next},
        "next_attempt_at" = clock_timestamp() + make_interval(secs => ${delaySql(next)}),
        "updated_at" = clock_timestamp()
      -- clock_timestamp(): a request that waited for the row lock compares with the time it got it.
      where "sign_in_throttle"."next_attempt_at" <= clock_timestamp()
        and "sign_in_throttle"."failures" < ${env.SIGNIN_ACCOUNT_BLOCK_AFTER}
      returning 1)`;
}

interface Reserved {
  ip_ok: boolean;
  address_ok: boolean;
}

/**
 * Reserves this attempt as a failure of `email` from `ip`, before the password is checked:
 * one statement (see `reservation`) that both checks and counts.
 */
export async function reserveSignInAttempt(email: string, ip: string | null): Promise<ThrottleVerdict> {
  const db = await getDb();
  const [row] = rowsOf<Reserved>(
    await db.execute(sql`${reservation(email, ip)}
      select exists (select 1 from ip_reserved) as ip_ok, exists (select 1 from address_reserved) as address_ok`),
  );
  return verdictOf(db, email, ip, row!);
}

/** What sign-in needs of an account, read in the statement that reserves the attempt. */
export interface AccountForSignIn {
  id: string;
  status: 'invited' | 'active' | 'deactivated';
  passwordHash: string | null;
  sessionVersion: number;
  /** Where a finished sign-in lands, and whether the role must set up two-step first. */
  role: Role;
  /** A correct password is followed by a second step (lib/sessions/second-step-on.ts). */
  twoStepOn: boolean;
}

/**
 * reserveSignInAttempt, and the account behind the address (if any) in the same statement:
 * sign-in's one round trip before argon2. The account is read whatever the verdict, but
 * only used when the attempt was allowed.
 */
export async function reserveAttemptAndFindAccount(
  email: string,
  ip: string | null,
): Promise<{ verdict: ThrottleVerdict; account: AccountForSignIn | null }> {
  const db = await getDb();
  const [row] = rowsOf<
    Reserved & {
      id: string | null;
      status: AccountForSignIn['status'];
      password_hash: string | null;
      session_version: number;
      role: Role;
      two_step_on: boolean;
    }
  >(
    await db.execute(sql`${reservation(email, ip)}
      select exists (select 1 from ip_reserved) as ip_ok, exists (select 1 from address_reserved) as address_ok,
             u.id, u.status, u.password_hash, u.session_version, u.role,
             ${secondStepOnSql({ id: sql`u.id`, role: sql`u.role`, twoStepEnabledAt: sql`u.two_step_enabled_at` })} as two_step_on
      from (select 1) as one left join ${users} u on u.email = ${email}`),
  );
  const verdict = await verdictOf(db, email, ip, row!);
  const account = row!.id
    ? {
        id: row!.id,
        status: row!.status,
        passwordHash: row!.password_hash,
        sessionVersion: Number(row!.session_version),
        role: row!.role,
        twoStepOn: Boolean(row!.two_step_on),
      }
    : null;
  return { verdict, account };
}

/** The verdict from what the reservation returned; a refusal reads how long to wait (rare, so a second query). */
async function verdictOf(
  db: Db,
  email: string,
  ip: string | null,
  reserved: Reserved,
): Promise<ThrottleVerdict> {
  if (reserved.ip_ok && reserved.address_ok) return { allowed: true };
  if (!reserved.ip_ok)
    return {
      allowed: false,
      reason: 'ip',
      retryAfterSeconds: Math.max(1, await limitWait(LIMITS.signInFailuresPerIp, ip, db)),
    };
  // The address refused: the IP's point goes back, and the address says how long to wait.
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
 * The statements that undo the reservation after a correct password, as WITH clauses
 * `cleared` and `refunded` for a statement that records the sign-in in the same round trip.
 */
export function successReleases(email: string, ip: string | null): SQL {
  const ipKey = limitKey(LIMITS.signInFailuresPerIp, ip);
  return sql`cleared as (delete from ${signInThrottle} where "email" = ${email}),
    refunded as (${
      ipKey === null
        ? sql`select 1`
        : sql`update ${rateLimits} set "points" = greatest("rate_limits"."points" - 1, 0)
              where "key" = ${ipKey} and "rate_limits"."expire" > clock_timestamp()`
    })`;
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
