import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { signInThrottle } from '@/lib/db/schema';
import { active, GOOD_PASSWORD, uniqueEmail } from '@/lib/test/factories';
import { requestPasswordReset } from '@/lib/accounts/request-password-reset';
import { verifyCredentials } from './verify-credentials';
import { delayAfterFailures } from './sign-in-throttle';

let n = 0;
const ip = () => `203.0.113.${(n++ % 200) + 20}`;

async function fail(email: string, times: number, from = ip()) {
  for (let i = 0; i < times; i++)
    await verifyCredentials({ email, password: `wrong-${i}-password`, ip: from });
}

async function moveClock(email: string) {
  const db = await getDb();
  await db
    .update(signInThrottle)
    .set({ nextAttemptAt: sql`now() - interval '1 second'` })
    .where(eq(signInThrottle.email, email));
}

describe('sign-in throttling (ASVS 6.3.1)', () => {
  it('waits 30 s after 5 failures, doubling up to 15 minutes', () => {
    expect([1, 4, 5, 6, 7, 8, 9, 10, 20].map(delayAfterFailures)).toEqual([
      0, 0, 30, 60, 120, 240, 480, 900, 900,
    ]);
  });

  it('throttles a known and an unknown address alike, without checking the password meanwhile', async () => {
    const person = await active();
    const stranger = uniqueEmail('stranger');
    await fail(person.email, 5);
    await fail(stranger, 5);
    const known = await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() });
    const unknown = await verifyCredentials({ email: stranger, password: GOOD_PASSWORD, ip: ip() });
    expect(known).toMatchObject({ ok: false, reason: 'throttled' });
    expect(unknown).toMatchObject({ ok: false, reason: 'throttled' });
    if (!known.ok && known.reason === 'throttled') expect(known.retryAfterSeconds).toBeGreaterThan(20);

    // Once the wait is over, the right password works and the count starts afresh.
    await moveClock(person.email);
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() })).ok).toBe(
      true,
    );
    const db = await getDb();
    expect(await db.$count(signInThrottle, eq(signInThrottle.email, person.email))).toBe(0);
  });

  it('blocks after 100 consecutive failures, and a password reset unblocks (nobody stays locked out)', async () => {
    const person = await active();
    const db = await getDb();
    await db
      .insert(signInThrottle)
      .values({ email: person.email, failures: 99, nextAttemptAt: sql`now() - interval '1 second'` });
    await fail(person.email, 1);
    await moveClock(person.email);
    expect(await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() })).toEqual({
      ok: false,
      reason: 'blocked',
    });

    const { resetPasswordWithLink } = await import('@/lib/accounts/reset-password');
    const { issueLink } = await import('@/lib/links/issue-link');
    const { token } = await db.transaction((tx) =>
      issueLink(tx, { userId: person.userId, purpose: 'reset', sentTo: person.email }),
    );
    expect((await resetPasswordWithLink({ token, password: 'copper-violin-glacier-saddle-5' })).ok).toBe(
      true,
    );
    expect(
      (await verifyCredentials({ email: person.email, password: 'copper-violin-glacier-saddle-5', ip: ip() }))
        .ok,
    ).toBe(true);
    expect(await requestPasswordReset({ email: person.email, ip: ip() })).toBe('reset_link');
  });

  it('limits failures per client IP, and other addresses on other IPs are unaffected', async () => {
    const from = '198.51.100.250';
    for (let i = 0; i < 100; i++)
      await verifyCredentials({ email: uniqueEmail('spray'), password: 'password-spray-guess', ip: from });
    const person = await active();
    expect(await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: from })).toMatchObject(
      { ok: false, reason: 'throttled' },
    );
    expect(
      (await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: '198.51.100.251' })).ok,
    ).toBe(true);
  });
});

describe('unblocking by email', () => {
  it('sends a link only for a throttled active account; using it lets the person sign in at once', async () => {
    const { requestUnblockLink } = await import('@/lib/accounts/request-unblock-link');
    const { unblockWithLink } = await import('@/lib/accounts/unblock-with-link');
    const { emailOutbox } = await import('@/lib/db/schema');
    const { unseal } = await import('@/lib/security/sealed');
    const person = await active();
    expect(await requestUnblockLink({ email: person.email, ip: ip() })).toBe('nothing_to_do');
    expect(await requestUnblockLink({ email: uniqueEmail('ghost'), ip: ip() })).toBe('nothing_to_do');
    await fail(person.email, 6);
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() })).ok).toBe(
      false,
    );
    expect(await requestUnblockLink({ email: person.email, ip: ip() })).toBe('sent');

    const db = await getDb();
    const [mail] = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.template, 'unblock'))
      .orderBy(sql`created_at desc`)
      .limit(1);
    const link = unseal<{ props: { link: string } }>(mail!.payload!).props.link;
    const token = new URL(link).searchParams.get('token')!;
    expect(await unblockWithLink({ token, ip: ip() })).toEqual({ ok: true });
    expect(await unblockWithLink({ token, ip: ip() })).toEqual({ ok: false, linkState: 'used' });
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() })).ok).toBe(
      true,
    );
  });
});
