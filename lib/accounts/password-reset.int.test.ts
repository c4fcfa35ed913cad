import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from './actor';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, emailOutbox, oneTimeTokens, sessions, users } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { active, GOOD_PASSWORD, invited, uniqueEmail, userRow } from '@/lib/test/factories';
import { startSession } from '@/lib/sessions/start-session';
import { validateSession } from '@/lib/sessions/validate-session';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { inspectLink } from '@/lib/links/inspect-link';
import { deactivateAccount } from './deactivate-account';
import { requestPasswordReset } from './request-password-reset';
import { resetPasswordWithLink } from './reset-password';

const { sink, deliver } = startSmtpSink({ beforeAll, afterAll });

function tokenIn(text: string | undefined, path: string): string {
  return new RegExp(`http://localhost:3999/${path}\\?token=([A-Za-z0-9_-]{43})`).exec(text ?? '')![1]!;
}

/** Emails with a reset link (the account's own welcome email also reaches the sink). */
const resetMails = (email: string) =>
  sink.to(email).filter((m) => m.text?.includes('/reset-password?token='));

let ipCounter = 0;
// Addresses of this file alone: other files throttle whole addresses (e.g. sign-in-burst blocks 198.51.100.77).
const freshIp = () => `10.3.0.${(ipCounter++ % 250) + 1}`;

describe('forgot password: the email tells the truth only to the mailbox owner', () => {
  it('active account: a reset link valid once and for 1 hour', async () => {
    const person = await active();
    expect(await requestPasswordReset({ email: person.email, ip: freshIp() })).toBe('reset_link');
    await deliver();
    const [mail] = resetMails(person.email);
    expect(mail?.text).toContain('1 hour');
    const token = tokenIn(mail?.text, 'reset-password');
    const db = await getDb();
    const [row] = await db
      .select()
      .from(oneTimeTokens)
      .where(and(eq(oneTimeTokens.userId, person.userId), eq(oneTimeTokens.purpose, 'reset')));
    const minutes = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 60_000;
    expect(minutes).toBeCloseTo(60, 3);
    expect((await inspectLink(db, token)).state).toBe('valid');
  });

  it('invited account: a fresh welcome link instead (7 days)', async () => {
    const person = await invited();
    expect(await requestPasswordReset({ email: person.email, ip: freshIp() })).toBe('welcome_link');
    await deliver();
    const fresh = sink
      .to(person.email)
      .find((m) => m.text?.includes('/welcome?token=') && !m.text.includes(person.token));
    expect(fresh?.text).toContain('7 days');
    expect((await inspectLink(await getDb(), person.token)).state).toBe('superseded');
  });

  it('deactivated account: no link, says the data is kept', async () => {
    const person = await active();
    await deactivateAccount({ account: { email: person.email }, actor: OPERATOR });
    expect(await requestPasswordReset({ email: person.email, ip: freshIp() })).toBe('deactivated_notice');
    await deliver();
    const mail = sink.to(person.email).find((m) => /deactivated/i.test(m.subject ?? ''));
    expect(mail?.text).toMatch(/deactivated/i);
    expect(mail?.text).not.toMatch(/token=/);
  });

  it('no account: nothing is sent', async () => {
    const email = uniqueEmail('nobody');
    expect(await requestPasswordReset({ email, ip: freshIp() })).toBe('no_account');
    await deliver();
    expect(sink.to(email)).toHaveLength(0);
  });

  it('a new request voids the previous reset link', async () => {
    const person = await active();
    await requestPasswordReset({ email: person.email, ip: freshIp() });
    await requestPasswordReset({ email: person.email, ip: freshIp() });
    await deliver();
    const mails = resetMails(person.email);
    expect(mails).toHaveLength(2);
    const db = await getDb();
    const states = await Promise.all(
      mails.map(async (m) => (await inspectLink(db, tokenIn(m.text, 'reset-password'))).state),
    );
    expect(states.sort()).toEqual(['superseded', 'valid']);
  });

  it('is throttled per address: the sixth request in an hour sends nothing', async () => {
    const person = await active();
    const outcomes = [];
    for (let i = 0; i < 6; i++)
      outcomes.push(await requestPasswordReset({ email: person.email, ip: freshIp() }));
    expect(outcomes.slice(0, 5).every((o) => o === 'reset_link')).toBe(true);
    expect(outcomes[5]).toBe('throttled');
    await deliver();
    expect(resetMails(person.email)).toHaveLength(5);
  });

  it('is throttled per client IP', async () => {
    const ip = '203.0.113.77';
    const outcomes = [];
    for (let i = 0; i < 101; i++)
      outcomes.push(await requestPasswordReset({ email: uniqueEmail('ipflood'), ip }));
    expect(outcomes.filter((o) => o === 'throttled')).toHaveLength(1);
  });
});

describe('choosing a new password through the reset link', () => {
  async function resetToken(email: string) {
    await requestPasswordReset({ email, ip: freshIp() });
    await deliver();
    const mails = resetMails(email);
    return tokenIn(mails[mails.length - 1]?.text, 'reset-password');
  }

  it('works once, ends every session, voids other links and sends a "password changed" email', async () => {
    const person = await active();
    const before = await userRow(person.userId);
    const sessionId = await startSession({ userId: person.userId, sessionVersion: before.sessionVersion });
    const token = await resetToken(person.email);
    const newPassword = 'a-completely-new-passphrase-9';

    expect(await resetPasswordWithLink({ token, password: newPassword, ip: '192.0.2.5' })).toEqual({
      ok: true,
      userId: person.userId,
    });
    expect(await validateSession(sessionId)).toBeNull();
    const db = await getDb();
    const [ended] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
    expect(ended?.endReason).toBe('password_reset');
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD })).ok).toBe(false);
    expect((await verifyCredentials({ email: person.email, password: newPassword })).ok).toBe(true);

    expect(await resetPasswordWithLink({ token, password: 'yet-another-passphrase-10' })).toEqual({
      ok: false,
      code: 'link',
      linkState: 'used',
    });
    await deliver();
    expect(sink.to(person.email).some((m) => /password for .* was changed/i.test(m.subject ?? ''))).toBe(
      true,
    );
    const [completed] = await db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'password_reset.completed')),
      );
    expect(completed?.ip).toBe('192.0.2.5');
  });

  it('sends the "password changed" email in the language the person chose', async () => {
    const person = await active();
    const db = await getDb();
    await db.update(users).set({ locale: 'nl' }).where(eq(users.id, person.userId));
    const token = await resetToken(person.email);
    expect((await resetPasswordWithLink({ token, password: 'a-dutch-choice-passphrase-8' })).ok).toBe(true);
    const [changed] = await db
      .select({ locale: emailOutbox.locale })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, person.userId), eq(emailOutbox.template, 'password-changed')));
    expect(changed?.locale).toBe('nl');
  });

  it('50 parallel submissions of the same link produce exactly one password change', async () => {
    const person = await active();
    const token = await resetToken(person.email);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        resetPasswordWithLink({ token, password: `parallel-reset-passphrase-${i}` }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const db = await getDb();
    expect(
      await db.$count(
        auditEvents,
        and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'password_reset.completed')),
      ),
    ).toBe(1);
  });

  it('refuses an expired link (time set in the database) and leaves the password alone', async () => {
    const person = await active();
    const token = await resetToken(person.email);
    const db = await getDb();
    await db
      .update(oneTimeTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(and(eq(oneTimeTokens.userId, person.userId), eq(oneTimeTokens.purpose, 'reset')));
    expect(await resetPasswordWithLink({ token, password: 'too-late-passphrase-11' })).toEqual({
      ok: false,
      code: 'link',
      linkState: 'expired',
    });
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD })).ok).toBe(true);
  });

  it('refuses a welcome link, malformed tokens and a weak password without using the link', async () => {
    const waiting = await invited();
    expect(
      await resetPasswordWithLink({ token: waiting.token, password: 'some-good-passphrase-12' }),
    ).toMatchObject({ ok: false, linkState: 'unknown' });
    for (const token of ['', 'x', 'not base64url!'.padEnd(43, '!'), 'A'.repeat(10_000)]) {
      expect(await resetPasswordWithLink({ token, password: 'some-good-passphrase-12' })).toMatchObject({
        ok: false,
        linkState: 'unknown',
      });
    }
    const person = await active();
    const token = await resetToken(person.email);
    expect(await resetPasswordWithLink({ token, password: 'short' })).toEqual({
      ok: false,
      code: 'password',
      problems: expect.arrayContaining(['tooShort']),
    });
    expect((await inspectLink(await getDb(), token)).state).toBe('valid');
  });
});
