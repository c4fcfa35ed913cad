/**
 * Every check of a second factor (a code from the app, a recovery code, a passkey) is
 * throttled exactly like a password (lib/auth/sign-in-throttle.ts: reserved as a failure in
 * one statement before the answer is looked at, given back on success), under its own key
 * per person, so knowing the password buys no faster code guessing: a correct password
 * clears the address's failures, not the codes'.
 */
import 'server-only';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { reserveSignInAttempt } from '@/lib/auth/sign-in-throttle';

/** The sign-in throttle's key for this person's codes (never an email address: it has no @). */
export function codeThrottleKey(userId: string): string {
  return `two-step:${userId}`;
}

export type Throttled =
  { ok: false; code: 'throttled'; retryAfterSeconds: number } | { ok: false; code: 'blocked' };

/**
 * Reserves one attempt of this person's second factor: null when the check may go on,
 * else why not (audited as two_step.throttled). A success afterwards gives it back
 * (signInSucceeded with codeThrottleKey).
 */
export async function reserveCodeAttempt(input: {
  userId: string;
  ip: string | null;
  /** Where it was asked, for the audit trail. */
  during: string;
  /** How, when not a typed code (e.g. 'passkey'). */
  via?: string;
}): Promise<Throttled | null> {
  const { userId, ip } = input;
  const verdict = await reserveSignInAttempt(codeThrottleKey(userId), ip);
  if (verdict.allowed) return null;
  await recordAudit(await getDb(), {
    action: 'two_step.throttled',
    actorId: userId,
    targetId: userId,
    ip,
    details: { reason: verdict.reason, during: input.during, ...(input.via ? { via: input.via } : {}) },
  });
  return verdict.reason === 'blocked'
    ? { ok: false, code: 'blocked' }
    : { ok: false, code: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
}
