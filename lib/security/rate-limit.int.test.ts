/**
 * Every limit is reserved in one statement before the work it guards, so a burst of
 * parallel requests gets exactly the limit through, on PostgreSQL and on PGlite.
 */
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox, rateLimits, signInThrottle } from '@/lib/db/schema';
import { active, invited, uniqueEmail } from '@/lib/test/factories';
import { generateToken } from '@/lib/security/tokens';
import { consume, limitWait, LIMITS, refund, type LimitRule } from './rate-limit';

const rule: LimitRule = { name: 'test-burst', points: 5, durationSeconds: 600 };
const count = <T>(xs: T[], pred: (x: T) => boolean) => xs.filter(pred).length;

async function emailsTo(userId: string, template: string) {
  const db = await getDb();
  return db.$count(emailOutbox, and(eq(emailOutbox.userId, userId), eq(emailOutbox.template, template)));
}

describe('ASVS 2.4.1 limits are reserved atomically', () => {
  it('of 40 parallel attempts exactly the limit is allowed; refused ones are not counted and learn how long to wait', async () => {
    const key = uniqueEmail('burst');
    const results = await Promise.all(Array.from({ length: 40 }, () => consume(rule, key)));
    expect(count(results, (r) => r.allowed)).toBe(5);
    for (const r of results) if (!r.allowed) expect(r.retryAfterSeconds).toBeGreaterThan(500);
    const db = await getDb();
    const [row] = await db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `test-burst:${key}`));
    expect(row?.points).toBe(5);
    expect(await limitWait(rule, key)).toBeGreaterThan(500);

    // A refund gives exactly one back.
    await refund(rule, key);
    const again = await Promise.all(Array.from({ length: 10 }, () => consume(rule, key)));
    expect(count(again, (r) => r.allowed)).toBe(1);

    // When the window is over, the count starts afresh.
    await db
      .update(rateLimits)
      .set({ expire: sql`now() - interval '1 second'` })
      .where(eq(rateLimits.key, `test-burst:${key}`));
    expect(await limitWait(rule, key)).toBe(0);
    const fresh = await Promise.all(Array.from({ length: 10 }, () => consume(rule, key)));
    expect(count(fresh, (r) => r.allowed)).toBe(5);
  });

  it('"Forgot password?": 20 parallel requests for one address send at most 5 links', async () => {
    const { requestPasswordReset } = await import('@/lib/accounts/request-password-reset');
    const person = await active();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        requestPasswordReset({ email: person.email, ip: `192.0.2.${i + 10}` }),
      ),
    );
    expect(count(outcomes, (o) => o === 'reset_link')).toBe(5);
    expect(count(outcomes, (o) => o === 'throttled')).toBe(15);
    expect(await emailsTo(person.userId, 'reset-password')).toBe(5);
  });

  it('"Forgot password?": 120 parallel requests from one IP get at most 100 through', async () => {
    const { requestPasswordReset } = await import('@/lib/accounts/request-password-reset');
    const outcomes = await Promise.all(
      Array.from({ length: 120 }, () =>
        requestPasswordReset({ email: uniqueEmail('nobody'), ip: '192.0.2.200' }),
      ),
    );
    expect(count(outcomes, (o) => o === 'no_account')).toBe(100);
    expect(count(outcomes, (o) => o === 'throttled')).toBe(20);
  });

  it('unblock requests have budgets of their own: parallel requests send at most 5, and a spent "Forgot password?" budget does not silence them', async () => {
    const { requestUnblockLink } = await import('@/lib/accounts/request-unblock-link');
    const person = await active();
    const db = await getDb();
    await db
      .insert(signInThrottle)
      .values({ email: person.email, failures: 7, nextAttemptAt: sql`now() + interval '2 minutes'` });
    const from = '192.0.2.201';
    // This IP has used up its "Forgot password?" budget.
    for (let i = 0; i < LIMITS.resetRequestPerIp.points; i++) await consume(LIMITS.resetRequestPerIp, from);
    expect((await consume(LIMITS.resetRequestPerIp, from)).allowed).toBe(false);

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => requestUnblockLink({ email: person.email, ip: from })),
    );
    expect(count(outcomes, (o) => o === 'sent')).toBe(5);
    expect(await emailsTo(person.userId, 'unblock')).toBe(5);
    // And the other way round: unblock requests spent nothing of "Forgot password?" per address.
    const { requestPasswordReset } = await import('@/lib/accounts/request-password-reset');
    expect(await requestPasswordReset({ email: person.email, ip: '192.0.2.202' })).toBe('reset_link');
  });

  it('welcome renewal: 10 parallel requests from an old link send at most 3 new ones', async () => {
    const { renewWelcomeLink } = await import('@/lib/accounts/renew-welcome-link');
    const { resendWelcome } = await import('@/lib/accounts/resend-welcome');
    const { OPERATOR } = await import('@/lib/accounts/actor');
    const person = await invited();
    expect((await resendWelcome({ userId: person.userId, actor: OPERATOR })).ok).toBe(true); // the first link is now replaced
    const before = await emailsTo(person.userId, 'welcome');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        renewWelcomeLink({ token: person.token, ip: `192.0.2.${i + 100}` }),
      ),
    );
    expect(count(results, (r) => r.ok)).toBe(3);
    expect(count(results, (r) => !r.ok && r.code === 'rate_limited')).toBe(7);
    expect((await emailsTo(person.userId, 'welcome')) - before).toBe(3);
  });

  it('link guessing: of 45 parallel unknown tokens from one IP only 30 are looked up; real links do not count', async () => {
    const { checkLink } = await import('@/lib/links/check-link');
    const db = await getDb();
    const person = await invited();
    const known = await Promise.all(
      Array.from({ length: 10 }, () => checkLink(db, person.token, 'welcome', '192.0.2.203')),
    );
    expect(count(known, (l) => l.ok)).toBe(10);
    expect(await limitWait(LIMITS.unknownLinkPerIp, '192.0.2.203')).toBe(0);

    const guesses = await Promise.all(
      Array.from({ length: 45 }, () => checkLink(db, generateToken(), 'welcome', '192.0.2.204')),
    );
    expect(count(guesses, (l) => !l.ok && l.problem === 'unknown')).toBe(30);
    expect(count(guesses, (l) => !l.ok && l.problem === 'throttled')).toBe(15);
    expect(await checkLink(db, person.token, 'welcome', '192.0.2.204')).toMatchObject({
      ok: false,
      problem: 'throttled',
    });
  });
});
