/**
 * Rate limits kept in the database (table rate_limits), so every app instance shares the
 * same counters. Built on rate-limiter-flexible's Drizzle store.
 */
import 'server-only';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '@/lib/db/client';
import { rateLimits } from '@/lib/db/schema';

export interface LimitRule {
  /** Prefix of the counter key, e.g. "welcome-renewal:user". */
  name: string;
  points: number;
  durationSeconds: number;
}

export const LIMITS = {
  /** A person asking for a fresh welcome link from an expired one. */
  welcomeRenewalPerUser: { name: 'welcome-renewal:user', points: 3, durationSeconds: 3600 },
  welcomeRenewalPerIp: { name: 'welcome-renewal:ip', points: 30, durationSeconds: 3600 },
  /** "Forgot password?": a few per address, and generous per IP for a clinic behind one NAT address. */
  resetRequestPerEmail: { name: 'reset-request:email', points: 5, durationSeconds: 3600 },
  resetRequestPerIp: { name: 'reset-request:ip', points: 100, durationSeconds: 900 },
} satisfies Record<string, LimitRule>;

const limiters = new Map<string, Promise<RateLimiterDrizzle>>();

function limiterFor(rule: LimitRule): Promise<RateLimiterDrizzle> {
  let limiter = limiters.get(rule.name);
  if (!limiter) {
    limiter = getDb().then(
      (db) =>
        new RateLimiterDrizzle({
          storeClient: db,
          schema: rateLimits,
          keyPrefix: rule.name,
          points: rule.points,
          duration: rule.durationSeconds,
          clearExpiredByTimeout: false,
        }),
    );
    limiters.set(rule.name, limiter);
  }
  return limiter;
}

export type LimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one attempt against `key`; says whether it is within the limit. A null key (a
 * request whose client address is unknown) is not counted: it is never lumped into one
 * bucket that a stranger could fill for everybody.
 */
export async function consume(rule: LimitRule, key: string | null): Promise<LimitResult> {
  if (key === null) return { allowed: true };
  try {
    await (await limiterFor(rule)).consume(key);
    return { allowed: true };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.ceil(err.msBeforeNext / 1000) };
    throw err;
  }
}
