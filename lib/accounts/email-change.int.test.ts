import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { active, expireLinksOf, GOOD_PASSWORD, invited, uniqueEmail, userRow } from '@/lib/test/factories';
import { startSession } from '@/lib/sessions/start-session';
import { validateSession } from '@/lib/sessions/validate-session';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { inspectLink } from '@/lib/links/inspect-link';
import type { Actor } from './actor';
import { changeEmail } from './change-email';
import { sendPasswordResetLink } from './send-password-reset-link';
import { withdrawEmailChange } from './withdraw-email-change';
import { confirmEmailChange } from './confirm-email-change';
import { cancelEmailChange } from './cancel-email-change';
import { pendingEmailChange } from './pending-email-change';

const { sink, deliver } = startSmtpSink({ beforeAll, afterAll });

async function helpdesk(): Promise<Actor> {
  const s = await active('helpdesk');
  return { kind: 'user', id: s.userId, role: 'helpdesk', name: 'Staff helpdesk' };
}

/** The token of the newest email to `to` whose link opens `page`. */
async function linkTo(to: string, page: string): Promise<string> {
  await deliver();
  const texts = sink.to(to).map((m) => m.text ?? '');
  const match = texts
    .reverse()
    .map((text) => new RegExp(`/${page}\\?token=([A-Za-z0-9_-]{43})`).exec(text))
    .find(Boolean);
  if (!match) throw new Error(`no ${page} link to ${to}`);
  return match[1]!;
}

let ipCounter = 0;
const freshIp = () => `203.0.113.${(ipCounter++ % 250) + 1}`;

async function events(userId: string, action: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, userId), eq(auditEvents.action, action)));
}

describe('ASVS 6.4.6 staff cannot take over an account by changing its email address', () => {
  it('an account with a password keeps its address until the new one confirms with the password; no reset link meanwhile', async () => {
    const staff = await helpdesk();
    const person = await active('client');
    const session = await startSession({
      userId: person.userId,
      sessionVersion: (await userRow(person.userId)).sessionVersion,
    });
    const newEmail = uniqueEmail('moved');

    expect(await changeEmail({ userId: person.userId, newEmail, actor: staff, ip: '192.0.2.7' })).toEqual({
      ok: true,
      pending: true,
    });
    // Nothing changed yet: the address, the session, the password.
    expect((await userRow(person.userId)).email).toBe(person.email);
    expect(await validateSession(session)).not.toBeNull();
    expect(await pendingEmailChange(await getDb(), person.userId)).toMatchObject({ newEmail });
    // The staff member cannot now send a reset link (it would reach the old address) …
    expect(await sendPasswordResetLink({ userId: person.userId, actor: staff })).toEqual({
      ok: false,
      code: 'email_change_pending',
    });
    // … the old address was told at once and can cancel; the new one gets the confirmation.
    await linkTo(person.email, 'cancel-email-change');
    const token = await linkTo(newEmail, 'confirm-email');
    expect(sink.to(newEmail)[0]?.text).not.toContain(person.email);
    expect(await events(person.userId, 'account.email_change_requested')).toMatchObject([
      { details: { before: person.email, after: newEmail }, ip: '192.0.2.7' },
    ]);

    // Whoever reads the new mailbox but does not know the password gets nowhere.
    const wrong = await confirmEmailChange({ token, password: 'not-the-password-at-all', ip: freshIp() });
    expect(wrong).toMatchObject({ ok: false, code: 'password', check: { code: 'wrong' } });
    expect((await userRow(person.userId)).email).toBe(person.email);
    expect((await inspectLink(await getDb(), token)).state).toBe('valid');

    // The person confirms: the address changes, sessions end, the old address hears it is done.
    expect(await confirmEmailChange({ token, password: GOOD_PASSWORD, ip: freshIp() })).toEqual({
      ok: true,
      email: newEmail,
    });
    expect((await userRow(person.userId)).email).toBe(newEmail);
    expect(await validateSession(session)).toBeNull();
    expect((await verifyCredentials({ email: newEmail, password: GOOD_PASSWORD, ip: freshIp() })).ok).toBe(
      true,
    );
    await deliver();
    expect(sink.to(person.email).some((m) => m.subject?.includes('was changed'))).toBe(true);
    expect(await pendingEmailChange(await getDb(), person.userId)).toBeNull();
    expect(await events(person.userId, 'account.email_changed')).toHaveLength(1);
    // The link worked once.
    expect(await confirmEmailChange({ token, password: GOOD_PASSWORD, ip: freshIp() })).toMatchObject({
      ok: false,
      code: 'link',
      linkState: 'used',
    });
  });

  it('the old address cancels the change: the confirmation link stops working, nothing else changes', async () => {
    const staff = await helpdesk();
    const person = await active('client');
    const newEmail = uniqueEmail('attacker');
    await changeEmail({ userId: person.userId, newEmail, actor: staff });
    const cancel = await linkTo(person.email, 'cancel-email-change');
    const confirm = await linkTo(newEmail, 'confirm-email');

    expect(await cancelEmailChange({ token: cancel, ip: freshIp() })).toEqual({
      ok: true,
      keptEmail: person.email,
    });
    expect(await pendingEmailChange(await getDb(), person.userId)).toBeNull();
    expect(
      await confirmEmailChange({ token: confirm, password: GOOD_PASSWORD, ip: freshIp() }),
    ).toMatchObject({
      ok: false,
      code: 'link',
      linkState: 'superseded',
    });
    expect((await userRow(person.userId)).email).toBe(person.email);
    expect(await events(person.userId, 'account.email_change_cancelled')).toHaveLength(1);
    // A reset link can be sent again.
    expect(await sendPasswordResetLink({ userId: person.userId, actor: staff })).toEqual({ ok: true });
  });

  it('staff can withdraw a pending change; an expired one no longer blocks a reset link', async () => {
    const staff = await helpdesk();
    const person = await active('client');
    await changeEmail({ userId: person.userId, newEmail: uniqueEmail('typo'), actor: staff });
    expect(await withdrawEmailChange({ userId: person.userId, actor: staff })).toEqual({ ok: true });
    expect(await withdrawEmailChange({ userId: person.userId, actor: staff })).toEqual({
      ok: false,
      code: 'no_email_change',
    });
    expect(await events(person.userId, 'account.email_change_withdrawn')).toHaveLength(1);

    await changeEmail({ userId: person.userId, newEmail: uniqueEmail('later'), actor: staff });
    await expireLinksOf(person.userId);
    expect(await pendingEmailChange(await getDb(), person.userId)).toBeNull();
    expect(await sendPasswordResetLink({ userId: person.userId, actor: staff })).toEqual({ ok: true });
  });

  it('an invited account (no password yet: the typo case) still changes at once, with a new welcome link', async () => {
    const staff = await helpdesk();
    const person = await invited('client');
    const newEmail = uniqueEmail('fixed');
    expect(await changeEmail({ userId: person.userId, newEmail, actor: staff })).toEqual({
      ok: true,
      pending: false,
    });
    expect((await userRow(person.userId)).email).toBe(newEmail);
    await linkTo(newEmail, 'welcome');
  });

  it('an address taken while the change waited is refused at confirmation, and nothing changes', async () => {
    const staff = await helpdesk();
    const person = await active('client');
    const newEmail = uniqueEmail('contested');
    await changeEmail({ userId: person.userId, newEmail, actor: staff });
    const token = await linkTo(newEmail, 'confirm-email');
    await invited('client').then(async (other) => {
      // Someone else is given that address in the meantime (an invited account: changes at once).
      await changeEmail({ userId: other.userId, newEmail, actor: staff });
    });
    expect(await confirmEmailChange({ token, password: GOOD_PASSWORD, ip: freshIp() })).toEqual({
      ok: false,
      code: 'email_taken',
    });
    expect((await userRow(person.userId)).email).toBe(person.email);
    expect((await inspectLink(await getDb(), token)).state).toBe('valid');
  });

  it('parallel confirmations with the right password: exactly one changes the address', async () => {
    const staff = await helpdesk();
    const person = await active('client');
    const newEmail = uniqueEmail('parallel');
    await changeEmail({ userId: person.userId, newEmail, actor: staff });
    const token = await linkTo(newEmail, 'confirm-email');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => confirmEmailChange({ token, password: GOOD_PASSWORD, ip: freshIp() })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await events(person.userId, 'account.email_changed')).toHaveLength(1);
    expect((await userRow(person.userId)).email).toBe(newEmail);
  });
});

describe('ASVS 6.3.1 guessing the password at the email confirmation goes through the sign-in throttle', () => {
  it('a burst of wrong passwords in parallel: at most the free failures are checked, then throttled', async () => {
    const staff = await helpdesk();
    const person = await active('client');
    const newEmail = uniqueEmail('guessed');
    await changeEmail({ userId: person.userId, newEmail, actor: staff });
    const token = await linkTo(newEmail, 'confirm-email');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        confirmEmailChange({ token, password: `wrong-guess-${i}-passphrase`, ip: freshIp() }),
      ),
    );
    const checked = results.filter((r) => !r.ok && r.code === 'password' && r.check.code === 'wrong');
    const throttled = results.filter((r) => !r.ok && r.code === 'password' && r.check.code === 'throttled');
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(checked.length + throttled.length).toBe(20);
    // Even the right password now waits like any other attempt on this address.
    expect(await confirmEmailChange({ token, password: GOOD_PASSWORD, ip: freshIp() })).toMatchObject({
      ok: false,
      code: 'password',
      check: { code: 'throttled' },
    });
    expect((await userRow(person.userId)).email).toBe(person.email);
  });
});
