import { describe, expect, it } from 'vitest';
import { OPERATOR } from '@/lib/accounts/actor';
import { getDb } from '@/lib/db/client';
import { tokenPurposes, type TokenPurpose } from '@/lib/db/schema';
import { generateToken } from '@/lib/security/tokens';
import { deactivateAccount } from '@/lib/accounts/deactivate-account';
import { unblockWithLink } from '@/lib/accounts/unblock-with-link';
import { active, expireLinksOf, invited } from '@/lib/test/factories';
import { checkLink } from './check-link';
import { consumeLink } from './consume-link';
import { issueLink } from './issue-link';

/** An account in the state a link of this purpose is sent to, with one open link. */
async function linkFor(purpose: TokenPurpose) {
  const account = purpose === 'welcome' ? await invited() : await active();
  const db = await getDb();
  const { token } = await db.transaction((tx) =>
    issueLink(tx, { userId: account.userId, purpose, sentTo: account.email }),
  );
  return { ...account, token };
}

const other = (purpose: TokenPurpose): TokenPurpose => (purpose === 'reset' ? 'unblock' : 'reset');

describe.each(tokenPurposes)('a %s link goes through the same checks, in the same order', (purpose) => {
  it('works when open, and says so for a malformed, unknown or other-purpose token', async () => {
    const db = await getDb();
    const link = await linkFor(purpose);
    const check = await checkLink(db, link.token, purpose, null);
    expect(check).toMatchObject({ ok: true, link: { userId: link.userId, email: link.email } });
    expect(await checkLink(db, 'not-a-token', purpose, null)).toEqual({ ok: false, problem: 'unknown' });
    expect(await checkLink(db, undefined, purpose, null)).toEqual({ ok: false, problem: 'unknown' });
    expect(await checkLink(db, generateToken(), purpose, null)).toEqual({ ok: false, problem: 'unknown' });
    expect(await checkLink(db, link.token, other(purpose), null)).toEqual({ ok: false, problem: 'unknown' });
  });

  it('is used once: the second use and every later check say "used"', async () => {
    const db = await getDb();
    const link = await linkFor(purpose);
    expect(await db.transaction((tx) => consumeLink(tx, link.token, purpose))).toEqual({
      ok: true,
      userId: link.userId,
      sentTo: link.email,
    });
    expect(await db.transaction((tx) => consumeLink(tx, link.token, purpose))).toEqual({
      ok: false,
      problem: 'used',
    });
    expect(await checkLink(db, link.token, purpose, null)).toMatchObject({ ok: false, problem: 'used' });
  });

  it('is replaced by a newer link of the same purpose, and expires', async () => {
    const db = await getDb();
    const first = await linkFor(purpose);
    const { token: newer } = await db.transaction((tx) =>
      issueLink(tx, { userId: first.userId, purpose, sentTo: first.email }),
    );
    expect(await checkLink(db, first.token, purpose, null)).toMatchObject({
      ok: false,
      problem: 'superseded',
    });
    expect((await checkLink(db, newer, purpose, null)).ok).toBe(true);
    await expireLinksOf(first.userId);
    expect(await checkLink(db, newer, purpose, null)).toMatchObject({ ok: false, problem: 'expired' });
    expect(await db.transaction((tx) => consumeLink(tx, newer, purpose))).toEqual({
      ok: false,
      problem: 'expired',
    });
  });

  it('says "deactivated" (not "replaced") once the account is deactivated, also when using it', async () => {
    const db = await getDb();
    const link = await linkFor(purpose);
    await deactivateAccount({ account: { email: link.email }, actor: OPERATOR, reason: 'test' });
    expect(await checkLink(db, link.token, purpose, null)).toMatchObject({
      ok: false,
      problem: 'deactivated',
    });
    expect(await db.transaction((tx) => consumeLink(tx, link.token, purpose))).toEqual({
      ok: false,
      problem: 'deactivated',
    });
  });

  it('refuses every link from an IP that tried 30 unknown tokens, and spares other IPs', async () => {
    const db = await getDb();
    const n = tokenPurposes.indexOf(purpose);
    const guesser = `198.51.100.${70 + n}`;
    for (let i = 0; i < 30; i++)
      expect(await checkLink(db, generateToken(), purpose, guesser)).toEqual({
        ok: false,
        problem: 'unknown',
      });
    const link = await linkFor(purpose);
    expect(await checkLink(db, link.token, purpose, guesser)).toEqual({ ok: false, problem: 'throttled' });
    expect((await checkLink(db, link.token, purpose, `198.51.100.${80 + n}`)).ok).toBe(true);
  });
});

describe('unblocking with a link', () => {
  it('refuses a deactivated account (its sign-in stays blocked)', async () => {
    const link = await linkFor('unblock');
    await deactivateAccount({ account: { email: link.email }, actor: OPERATOR, reason: 'test' });
    expect(await unblockWithLink({ token: link.token })).toEqual({ ok: false, linkState: 'deactivated' });
  });
});
