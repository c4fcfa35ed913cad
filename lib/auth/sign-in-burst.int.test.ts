/**
 * Abuse resistance under parallel requests: an attacker sends a burst at once, not one
 * request at a time. "Checked" is counted as argon2 verifications actually run.
 */
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox, rateLimits, signInThrottle } from '@/lib/db/schema';
import { active, GOOD_PASSWORD, uniqueEmail, userRow } from '@/lib/test/factories';
import { unseal } from '@/lib/security/sealed';
import { startSession } from '@/lib/sessions/start-session';
import { passwordVerificationCount } from './password-hash';
import { verifyCredentials, type CredentialsResult } from './verify-credentials';

let n = 0;
const ip = () => `203.0.113.${(n++ % 200) + 20}`;

async function checkedDuring<T>(work: () => Promise<T>): Promise<{ checked: number; result: T }> {
  const before = passwordVerificationCount();
  const result = await work();
  return { checked: passwordVerificationCount() - before, result };
}

const tally = (results: CredentialsResult[]) => ({
  invalid: results.filter((r) => !r.ok && r.reason === 'invalid').length,
  throttled: results.filter((r) => !r.ok && r.reason === 'throttled').length,
  blocked: results.filter((r) => !r.ok && r.reason === 'blocked').length,
});

async function lastLinkTo(userId: string, template: string): Promise<string> {
  const db = await getDb();
  const [mail] = await db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.userId, userId))
    .orderBy(sql`created_at desc`)
    .limit(1);
  expect(mail?.template).toBe(template);
  return new URL(unseal<{ props: { link: string } }>(mail!.payload!).props.link).searchParams.get('token')!;
}

describe('ASVS 6.3.1 / ASVS 2.4.1 sign-in limits hold under parallel requests', () => {
  it('50 parallel wrong passwords for one address: only the 5 free failures are checked, the rest throttled', async () => {
    const person = await active();
    const { checked, result } = await checkedDuring(() =>
      Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          verifyCredentials({ email: person.email, password: `wrong-guess-${i}`, ip: ip() }),
        ),
      ),
    );
    expect(checked).toBe(5);
    expect(tally(result)).toEqual({ invalid: 5, throttled: 45, blocked: 0 });
    // The burst counted as 5 failures, not 50: it neither blocks the address nor runs up its wait.
    const db = await getDb();
    const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.email, person.email));
    expect(row?.failures).toBe(5);

    // A correct password right after the burst is throttled like any other attempt, unchecked.
    const right = await checkedDuring(() =>
      verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() }),
    );
    expect(right.result).toMatchObject({ ok: false, reason: 'throttled' });
    expect(right.checked).toBe(0);

    // An unblock link by email frees the person at once.
    const { requestUnblockLink } = await import('@/lib/accounts/request-unblock-link');
    const { unblockWithLink } = await import('@/lib/accounts/unblock-with-link');
    expect(await requestUnblockLink({ email: person.email, ip: ip() })).toBe('sent');
    expect(await unblockWithLink({ token: await lastLinkTo(person.userId, 'unblock'), ip: ip() })).toEqual({
      ok: true,
    });
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() })).ok).toBe(
      true,
    );
  });

  it('an unknown address is throttled the same way (nothing tells who has an account)', async () => {
    const stranger = uniqueEmail('stranger');
    const { checked, result } = await checkedDuring(() =>
      Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          verifyCredentials({ email: stranger, password: `wrong-guess-${i}`, ip: ip() }),
        ),
      ),
    );
    expect(checked).toBe(5);
    expect(tally(result)).toEqual({ invalid: 5, throttled: 45, blocked: 0 });
  });

  it('parallel attempts on a blocked address are all refused unchecked, and a reset link still frees the person', async () => {
    const person = await active();
    const db = await getDb();
    await db
      .insert(signInThrottle)
      .values({ email: person.email, failures: 99, nextAttemptAt: sql`now() - interval '1 second'` });
    const { checked, result } = await checkedDuring(() =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          verifyCredentials({ email: person.email, password: `wrong-guess-${i}`, ip: ip() }),
        ),
      ),
    );
    // One attempt was allowed (the 100th failure); it blocks the address, so the rest are refused.
    expect(checked).toBe(1);
    expect(tally(result).invalid).toBe(1);
    expect(tally(result).invalid + tally(result).throttled + tally(result).blocked).toBe(20);
    await db
      .update(signInThrottle)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(signInThrottle.email, person.email));
    expect(await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() })).toEqual({
      ok: false,
      reason: 'blocked',
    });

    const { requestPasswordReset } = await import('@/lib/accounts/request-password-reset');
    const { resetPasswordWithLink } = await import('@/lib/accounts/reset-password');
    expect(await requestPasswordReset({ email: person.email, ip: ip() })).toBe('reset_link');
    const next = 'copper-violin-glacier-saddle-9';
    expect(
      (
        await resetPasswordWithLink({
          token: await lastLinkTo(person.userId, 'reset-password'),
          password: next,
          ip: ip(),
        })
      ).ok,
    ).toBe(true);
    expect((await verifyCredentials({ email: person.email, password: next, ip: ip() })).ok).toBe(true);
  });

  it('150 parallel wrong passwords from one IP over as many addresses: at most the IP limit (100) is checked', async () => {
    const from = '198.51.100.77';
    const { checked, result } = await checkedDuring(() =>
      Promise.all(
        Array.from({ length: 150 }, () =>
          verifyCredentials({ email: uniqueEmail('spray'), password: 'password-spray-guess', ip: from }),
        ),
      ),
    );
    expect(checked).toBe(100);
    expect(tally(result)).toEqual({ invalid: 100, throttled: 50, blocked: 0 });
    // The right password of a real person from that IP now waits too; from elsewhere it works.
    const person = await active();
    const there = await checkedDuring(() =>
      verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: from }),
    );
    expect(there.result).toMatchObject({ ok: false, reason: 'throttled' });
    expect(there.checked).toBe(0);
    expect(
      (await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: '198.51.100.78' })).ok,
    ).toBe(true);
  });

  it('correct passwords give their IP reservation back: a clinic signing in together spends nothing', async () => {
    const from = '198.51.100.79';
    const people = await Promise.all(Array.from({ length: 8 }, () => active()));
    const results = await Promise.all(
      people.map((p) => verifyCredentials({ email: p.email, password: GOOD_PASSWORD, ip: from })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const db = await getDb();
    const [counter] = await db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `sign-in-failures:ip:${from}`));
    expect(counter?.points ?? 0).toBe(0);
  });
});

describe('ASVS 6.3.1 changing a password goes through the sign-in throttle', () => {
  it('50 parallel wrong current passwords from a stolen session: only 5 are checked; then even the right one waits', async () => {
    const { changePassword } = await import('@/lib/accounts/change-password');
    const person = await active();
    const here = await startSession({
      userId: person.userId,
      sessionVersion: (await userRow(person.userId)).sessionVersion,
    });
    const next = 'meadow-copper-violin-glacier-3';
    const { checked, result } = await checkedDuring(() =>
      Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          changePassword({
            actor: { kind: 'user', id: person.userId, role: 'client', name: 'Burst' },
            sessionId: here,
            current: `wrong-guess-${i}`,
            next,
            ip: ip(),
          }),
        ),
      ),
    );
    expect(checked).toBe(5);
    expect(result.filter((r) => !r.ok && r.code === 'current')).toHaveLength(5);
    expect(result.filter((r) => !r.ok && r.code === 'throttled')).toHaveLength(45);
    expect(
      await changePassword({
        actor: { kind: 'user', id: person.userId, role: 'client', name: 'Burst' },
        sessionId: here,
        current: GOOD_PASSWORD,
        next,
        ip: ip(),
      }),
    ).toMatchObject({ ok: false, code: 'throttled' });
    // The guesses count for signing in too: it is one budget per address.
    expect(await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() })).toMatchObject(
      { ok: false, reason: 'throttled' },
    );

    const db = await getDb();
    await db.update(signInThrottle).set({ failures: 100 }).where(eq(signInThrottle.email, person.email));
    expect(
      await changePassword({
        actor: { kind: 'user', id: person.userId, role: 'client', name: 'Burst' },
        sessionId: here,
        current: GOOD_PASSWORD,
        next,
        ip: ip(),
      }),
    ).toEqual({ ok: false, code: 'blocked' });
  });
});
