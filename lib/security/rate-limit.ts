/**
 * Rate limits kept in the database (table rate_limits), so every app instance shares the
 * same counters.
 *
 * A limit is reserved, never checked-then-counted: `consume` is one
 * `INSERT … ON CONFLICT DO UPDATE … WHERE points < limit RETURNING` that counts the attempt
 * only while the limit allows it and returns nothing once it is reached. PostgreSQL locks
 * the row and re-evaluates the WHERE on its newest version, so of a burst of parallel
 * requests exactly `points` get through, whatever the number of app instances (on PGlite
 * statements run one at a time anyway). Windows are fixed and timed by the database clock.
 * Where success should not cost anything (a correct password), the caller gives the
 * point back with `refund`.
 */
import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { rateLimits } from '@/lib/db/schema';
import { env } from '@/lib/env';
import type { Db } from '@/lib/db/types';
import { rowsOf } from '@/lib/db/rows';
import { ipLimitKey } from '@/lib/security/client-ip';

export interface LimitRule {
  /** Prefix of the counter key, e.g. "welcome-renewal:user". */
  name: string;
  points: number;
  durationSeconds: number;
  /** Keyed by client address: counted per address, IPv6 per /64 (client-ip.ts's ipLimitKey). */
  perIp?: true;
}

export const LIMITS = {
  /** A person asking for a fresh welcome link from an expired one. */
  welcomeRenewalPerUser: { name: 'welcome-renewal:user', points: 3, durationSeconds: 3600 },
  welcomeRenewalPerIp: { name: 'welcome-renewal:ip', points: 30, perIp: true, durationSeconds: 3600 },
  /** "Forgot password?": a few per address, and generous per IP for a clinic behind one NAT address. */
  resetRequestPerEmail: { name: 'reset-request:email', points: 5, durationSeconds: 3600 },
  resetRequestPerIp: { name: 'reset-request:ip', points: 100, perIp: true, durationSeconds: 900 },
  /** "Email me a link to unblock signing in": its own budgets, apart from "Forgot password?". */
  unblockRequestPerEmail: { name: 'unblock-request:email', points: 5, durationSeconds: 3600 },
  unblockRequestPerIp: { name: 'unblock-request:ip', points: 100, perIp: true, durationSeconds: 900 },
  /** "Resend all expired invitations" on the dashboard, per staff member: each run sends up to 200 emails. */
  bulkResendPerActor: { name: 'bulk-resend:actor', points: 3, durationSeconds: 3600 },
  /** Link tokens that do not exist, per client IP (see link-guessing.ts). */
  unknownLinkPerIp: { name: 'unknown-link:ip', points: 30, perIp: true, durationSeconds: 900 },
  /** Password checks per client IP (sign-in and change password); a correct password gives its point back. */
  signInFailuresPerIp: {
    name: 'sign-in-failures:ip',
    perIp: true,
    points: env.SIGNIN_IP_MAX_FAILURES,
    durationSeconds: env.SIGNIN_IP_WINDOW_MINUTES * 60,
  },
} satisfies Record<string, LimitRule>;

export type LimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The counter's key; null when there is nothing to count under. A request whose client
 * address is unknown is not counted per IP: it is never lumped into one bucket that a
 * stranger could fill for everybody.
 */
export function limitKey(rule: LimitRule, key: string | null | undefined): string | null {
  const k = rule.perIp ? ipLimitKey(key) : key;
  return k ? `${rule.name}:${k}` : null;
}
// clock_timestamp(), not now(): now() is when the transaction began, and a request that
// waited for the row lock must compare with the time it actually got it.
const windowOver = sql`("rate_limits"."expire" is null or "rate_limits"."expire" <= clock_timestamp())`;

/**
 * The statement that reserves one attempt against counter `key` under `rule`: returns a row
 * while the limit allows (and counts it), none once the limit is reached (and counts
 * nothing). Used by `consume`, and as a WITH clause by statements that reserve several
 * things at once (lib/auth/sign-in-throttle.ts).
 */
export function reservationStatement(rule: LimitRule, key: string): SQL {
  return sql`insert into ${rateLimits} ("key", "points", "expire")
    values (${key}, 1, clock_timestamp() + make_interval(secs => ${rule.durationSeconds}))
    on conflict ("key") do update set
      "points" = case when ${windowOver} then 1 else "rate_limits"."points" + 1 end,
      "expire" = case when ${windowOver} then excluded."expire" else "rate_limits"."expire" end
    where ${windowOver} or "rate_limits"."points" < ${rule.points}
    returning "points"`;
}

/**
 * Reserves one attempt against `key`: counts it and says yes while the limit allows,
 * says no (and counts nothing) once it is reached. One statement, safe under parallel requests.
 */
export async function consume(
  rule: LimitRule,
  key: string | null | undefined,
  db?: Db,
): Promise<LimitResult> {
  const k = limitKey(rule, key);
  if (k === null) return { allowed: true };
  const d = db ?? (await getDb());
  const reserved = rowsOf(await d.execute(reservationStatement(rule, k)));
  if (reserved.length) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, await secondsLeft(d, k)) };
}

/** Gives back one attempt reserved with `consume` (in the same window). */
export async function refund(rule: LimitRule, key: string | null | undefined, db?: Db): Promise<void> {
  const k = limitKey(rule, key);
  if (k === null) return;
  const d = db ?? (await getDb());
  await d
    .update(rateLimits)
    .set({ points: sql`greatest("rate_limits"."points" - 1, 0)` })
    .where(sql`${rateLimits.key} = ${k} and "rate_limits"."expire" > clock_timestamp()`);
}

/** Seconds until `key` may be counted again, or 0 when it is within its limit now. Reads only. */
export async function limitWait(rule: LimitRule, key: string | null | undefined, db?: Db): Promise<number> {
  const k = limitKey(rule, key);
  if (k === null) return 0;
  const d = db ?? (await getDb());
  const [row] = await d
    .select({ points: rateLimits.points, over: sql<boolean>`${windowOver}` })
    .from(rateLimits)
    .where(eq(rateLimits.key, k));
  if (!row || row.over || row.points < rule.points) return 0;
  return Math.max(1, await secondsLeft(d, k));
}

async function secondsLeft(db: Db, key: string): Promise<number> {
  const [row] = await db
    .select({
      seconds: sql<number>`greatest(ceil(extract(epoch from ("rate_limits"."expire" - clock_timestamp()))), 0)::int`,
    })
    .from(rateLimits)
    .where(eq(rateLimits.key, key));
  return Number(row?.seconds ?? 0);
}
