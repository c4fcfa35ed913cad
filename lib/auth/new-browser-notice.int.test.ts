/**
 * The new sign-in notice (issue 29): a sign-in from a browser the account has not used
 * before emails the owner, a known browser does not, the first sign-in of an account does
 * not; the "this was not me" link signs everyone out and starts a reset, once, also when
 * pressed twice at once.
 */
import { describe, expect, it, vi } from 'vitest';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { env } from '@/lib/env';
import { emailOutbox, knownBrowsers, sessions } from '@/lib/db/schema';
import { unseal } from '@/lib/security/sealed';
import { active, GOOD_PASSWORD, tokenOf, userRow } from '@/lib/test/factories';
import { finishSignIn } from './finish-sign-in';
import { verifyCredentials } from './verify-credentials';
import { checkLink } from '@/lib/links/check-link';
import { secureAccountWithLink } from '@/lib/accounts/secure-account-with-link';
import { validateSession } from '@/lib/sessions/validate-session';
import type { NewSignInProps } from '@/emails/new-sign-in';

vi.setConfig({ testTimeout: 90_000 });

let n = 0;
// Addresses of this file alone, so other files' throttling does not reach these checks.
const ip = () => `10.29.7.${(n++ % 250) + 1}`;
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A password sign-in from a browser that brings `browserToken` (undefined: a browser without our cookie). */
async function signIn(email: string, browserToken: string | undefined, userAgent = FIREFOX) {
  const result = await verifyCredentials({ email, password: GOOD_PASSWORD, ip: '203.0.113.7', userAgent });
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  const finished = await finishSignIn({ ...result, browserToken });
  return { sessionId: result.sessionId, browserToken: finished.browserCookie.value };
}

async function notices(userId: string) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.template, 'new-sign-in')))
    .orderBy(sql`created_at`);
  return rows.map((row) => ({
    to: row.toAddress,
    props: unseal<{ props: NewSignInProps }>(row.payload!).props,
  }));
}

describe('new sign-in notice', () => {
  it('the first sign-in is remembered quietly; the same browser again is quiet; a new browser is emailed', async () => {
    const person = await active();
    const laptop = await signIn(person.email, undefined);
    expect(await notices(person.userId)).toEqual([]);
    // The browser keeps its cookie: signing in again with it is quiet.
    const again = await signIn(person.email, laptop.browserToken);
    expect(again.browserToken).toBe(laptop.browserToken);
    expect(await notices(person.userId)).toEqual([]);
    // Without the cookie (another browser, or cookies cleared): one email.
    const phone = await signIn(person.email, undefined);
    expect(phone.browserToken).not.toBe(laptop.browserToken);
    const sent = await notices(person.userId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(person.email);
    expect(sent[0]!.props).toMatchObject({
      browser: 'Firefox 133',
      os: 'Windows 10',
      network: '203.0.113.x',
    });
    expect(sent[0]!.props.link).toMatch(/\/secure-account\?token=/);
    // A cookie that is not one of ours is no way around it: a new browser.
    await signIn(person.email, 'not-a-token');
    expect(await notices(person.userId)).toHaveLength(2);
    // Only hashes are kept.
    const db = await getDb();
    const kept = await db.select().from(knownBrowsers).where(eq(knownBrowsers.userId, person.userId));
    expect(kept).toHaveLength(3);
    expect(kept.map((k) => k.tokenHash)).not.toContain(laptop.browserToken);
  });

  it('a browser known to one account is new to another (a shared computer)', async () => {
    const first = await active();
    const second = await active();
    const shared = await signIn(first.email, undefined);
    await signIn(second.email, undefined); // second's own first browser
    await signIn(second.email, shared.browserToken);
    expect(await notices(second.userId)).toHaveLength(1);
    expect(await notices(first.userId)).toEqual([]);
  });

  it('one email when the same new browser signs in twice at once', async () => {
    const person = await active();
    await signIn(person.email, undefined);
    const newcomer = (await signIn(person.email, undefined)).browserToken;
    expect(await notices(person.userId)).toHaveLength(1);
    // Forget it was seen, then sign in with that browser five times at once.
    const db = await getDb();
    await db.delete(knownBrowsers).where(eq(knownBrowsers.userId, person.userId));
    await signIn(person.email, undefined); // the account's "first" browser again
    await Promise.all(Array.from({ length: 5 }, () => signIn(person.email, newcomer)));
    expect(await notices(person.userId)).toHaveLength(2);
  });

  it('"this was not me" ends every session and hands over a reset link, once (parallel presses: one wins)', async () => {
    const person = await active();
    const mine = await signIn(person.email, undefined);
    const theirs = await signIn(person.email, undefined);
    const [notice] = await notices(person.userId);
    const token = tokenOf(notice!.props.link);
    const db = await getDb();
    expect((await checkLink(db, token, 'secure_account', null)).ok).toBe(true);
    const before = await userRow(person.userId);

    const presses = await Promise.all(
      Array.from({ length: 4 }, () => secureAccountWithLink({ token, ip: ip() })),
    );
    const won = presses.filter((p) => p.ok);
    expect(won).toHaveLength(1);
    expect(presses.filter((p) => !p.ok)).toEqual(Array(3).fill({ ok: false, linkState: 'used' }));
    // Everyone is out, by version and by row.
    expect(await validateSession(mine.sessionId)).toBeNull();
    expect(await validateSession(theirs.sessionId)).toBeNull();
    expect((await userRow(person.userId)).sessionVersion).toBeGreaterThan(before.sessionVersion);
    const open = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, person.userId), isNull(sessions.endedAt)));
    expect(open).toEqual([]);
    // The reset link works (it is a real reset link of this account) and the notice link is spent.
    const resetToken = (won[0] as { ok: true; resetToken: string }).resetToken;
    expect(await checkLink(db, resetToken, 'reset', null)).toMatchObject({
      ok: true,
      link: { userId: person.userId },
    });
    expect(await secureAccountWithLink({ token, ip: ip() })).toEqual({ ok: false, linkState: 'used' });
  });

  it('NEW_SIGN_IN_NOTICE=off: a new browser is still remembered, but nobody is emailed', async () => {
    const person = await active();
    await signIn(person.email, undefined);
    const setting = env as { NEW_SIGN_IN_NOTICE: 'on' | 'off' };
    setting.NEW_SIGN_IN_NOTICE = 'off';
    try {
      await signIn(person.email, undefined);
    } finally {
      setting.NEW_SIGN_IN_NOTICE = 'on';
    }
    expect(await notices(person.userId)).toEqual([]);
    const db = await getDb();
    expect(await db.$count(knownBrowsers, eq(knownBrowsers.userId, person.userId))).toBe(2);
  });

  it('refuses a malformed or unknown token and changes nothing', async () => {
    const person = await active();
    const mine = await signIn(person.email, undefined);
    expect(await secureAccountWithLink({ token: 'nope', ip: ip() })).toEqual({
      ok: false,
      linkState: 'unknown',
    });
    expect(await validateSession(mine.sessionId)).not.toBeNull();
  });
});
