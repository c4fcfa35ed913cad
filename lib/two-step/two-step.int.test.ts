import { describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, emailOutbox, recoveryCodes, sessions, signInThrottle, users } from '@/lib/db/schema';
import { active, GOOD_PASSWORD, userRow } from '@/lib/test/factories';
import { enrolledInTwoStep, sessionOf as sessionOfPerson } from '@/lib/test/two-step';
import { validateSession } from '@/lib/sessions/validate-session';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import type { Actor } from '@/lib/accounts/actor';
import type { Role } from '@/lib/db/schema';
import { codeAt } from './totp';
import { checkSecondFactor } from './check-second-factor';
import { completeSignIn } from './complete-sign-in';
import { confirmEnrolment } from './confirm-enrolment';
import { openCodesForDownload, sealCodesForDownload } from './recovery-codes-download';
import { codeThrottleKey } from './reserve-code-attempt';
import { startEnrolment } from './start-enrolment';
import { resetTwoStep } from './reset-two-step';
import { confirmIdentity } from './confirm-identity';
import { recentlyReauthenticated } from './recently-reauthenticated';

// Each test makes accounts (argon2 at full cost) and signs in several times: on a busy CI machine 30 s is tight.
vi.setConfig({ testTimeout: 90_000 });

let n = 0;
// Addresses of this file alone: other files throttle whole addresses (e.g. sign-in-burst blocks 198.51.100.77).
const ip = () => `10.2.0.${(n++ % 250) + 1}`;
const STEP_MS = 30_000;

const sessionOf = (userId: string) => sessionOfPerson(userId, ip());
/** An active person with two-step verification on: their secret (as the app has it) and recovery codes. */
const enrolled = (role: Role = 'client') => enrolledInTwoStep(role, ip);

/** A code of the next time step: valid now (window +1) and later than the one enrolment used. */
const nextCode = (secret: string) => codeAt(secret, Date.now() + STEP_MS);

describe('enrolment (ASVS 6.5.3, 6.5.2)', () => {
  it(
    'turns on only after a correct code, stores the secret sealed and the recovery codes hashed',
    { timeout: 90_000 },
    async () => {
      const person = await active();
      const sessionId = await sessionOf(person.userId);
      const start = await startEnrolment({ id: person.userId, email: person.email });
      expect(start.qrSvg).toMatch(/^<svg[^>]*viewBox/);
      expect(start.ticket).not.toContain(start.secretText.replace(/ /g, ''));
      const secret = start.secretText.replace(/ /g, '');
      const wrong = String((Number(codeAt(secret, Date.now())) + 1) % 1e6).padStart(6, '0');
      const refused = await confirmEnrolment({
        user: { id: person.userId },
        sessionId,
        ticket: start.ticket,
        code: wrong,
        password: GOOD_PASSWORD,
        ip: ip(),
      });
      expect(refused).toEqual({ ok: false, code: 'wrong' });
      expect((await userRow(person.userId)).twoStepEnabledAt).toBeNull();

      const result = await confirmEnrolment({
        user: { id: person.userId },
        sessionId,
        ticket: start.ticket,
        code: codeAt(secret, Date.now()),
        password: GOOD_PASSWORD,
        ip: ip(),
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.recoveryCodes).toHaveLength(10);
      const row = await userRow(person.userId);
      expect(row.twoStepEnabledAt).not.toBeNull();
      expect(row.twoStepSecret).not.toContain(secret);
      const db = await getDb();
      const stored = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, person.userId));
      expect(stored).toHaveLength(10);
      const plain = result.recoveryCodes.map((c) => c.replaceAll('-', ''));
      for (const s of stored) expect(plain.some((p) => s.codeHash.includes(p))).toBe(false);

      // The same ticket cannot enrol twice; someone else's ticket does not work at all.
      const again = await confirmEnrolment({
        user: { id: person.userId },
        sessionId,
        ticket: start.ticket,
        code: nextCode(secret),
        password: GOOD_PASSWORD,
        ip: ip(),
      });
      expect(again).toEqual({ ok: false, code: 'already_on' });
      const other = await active();
      const foreign = await confirmEnrolment({
        user: { id: other.userId },
        sessionId,
        ticket: start.ticket,
        code: nextCode(secret),
        password: GOOD_PASSWORD,
        ip: ip(),
      });
      expect(foreign).toEqual({ ok: false, code: 'expired' });
    },
  );

  it('lets only the same person download the codes, for 15 minutes', () => {
    const sealed = sealCodesForDownload('u1', ['a', 'b']);
    expect(openCodesForDownload(sealed, 'u1')).toEqual(['a', 'b']);
    expect(openCodesForDownload(sealed, 'u2')).toBeNull();
    expect(openCodesForDownload('garbage', 'u1')).toBeNull();
  });
});

describe('enrolment asks for the password first and is not a fresh second look (issue 26, finding 1)', () => {
  /** A signed-in person without two-step whose sign-in was long ago (the second look has run out). */
  async function signedInLongAgo(role: Role = 'helpdesk') {
    const person = await active(role);
    const sessionId = await sessionOf(person.userId);
    const db = await getDb();
    await db
      .update(sessions)
      .set({ reauthenticatedAt: sql`now() - interval '1 day'` })
      .where(eq(sessions.id, sessionId));
    const start = await startEnrolment({ id: person.userId, email: person.email });
    return { ...person, sessionId, ticket: start.ticket, secret: start.secretText.replace(/ /g, '') };
  }

  it('refuses a wrong password before looking at the code, and counts it as a failed password', async () => {
    const person = await signedInLongAgo();
    const result = await confirmEnrolment({
      user: { id: person.userId },
      sessionId: person.sessionId,
      ticket: person.ticket,
      code: codeAt(person.secret, Date.now()),
      password: 'not-the-password-of-this-person',
      ip: ip(),
    });
    expect(result).toEqual({ ok: false, code: 'wrong_password' });
    expect((await userRow(person.userId)).twoStepEnabledAt).toBeNull();
    const db = await getDb();
    const [byAddress] = await db.select().from(signInThrottle).where(eq(signInThrottle.email, person.email));
    expect(byAddress?.failures).toBe(1);
    const [byCode] = await db
      .select()
      .from(signInThrottle)
      .where(eq(signInThrottle.email, codeThrottleKey(person.userId)));
    expect(byCode?.failures ?? 0).toBe(0);
  });

  it('with the password: turns on, does not restart the second look, and emails the person', async () => {
    const person = await signedInLongAgo();
    const result = await confirmEnrolment({
      user: { id: person.userId },
      sessionId: person.sessionId,
      ticket: person.ticket,
      code: codeAt(person.secret, Date.now()),
      password: GOOD_PASSWORD,
      ip: ip(),
    });
    expect(result.ok).toBe(true);
    expect(await recentlyReauthenticated(person.sessionId)).toBe(false);
    const db = await getDb();
    const mail = await db
      .select({ to: emailOutbox.toAddress, template: emailOutbox.template })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, person.userId), eq(emailOutbox.template, 'two-step-enabled')));
    expect(mail).toEqual([{ to: person.email, template: 'two-step-enabled' }]);
  });

  it('clears the code-guess count only when enrolment really turned it on', async () => {
    const person = await signedInLongAgo();
    const first = await confirmEnrolment({
      user: { id: person.userId },
      sessionId: person.sessionId,
      ticket: person.ticket,
      code: codeAt(person.secret, Date.now()),
      password: GOOD_PASSWORD,
      ip: ip(),
    });
    expect(first.ok).toBe(true);
    // Someone guesses codes at sign-in: three wrong.
    for (const guess of ['111111', '222222', '333333'])
      await checkSecondFactor({ userId: person.userId, answer: guess, during: 'sign_in', ip: ip() });
    const db = await getDb();
    const failures = async () =>
      (
        await db
          .select()
          .from(signInThrottle)
          .where(eq(signInThrottle.email, codeThrottleKey(person.userId)))
      )[0]?.failures;
    expect(await failures()).toBe(3);
    await db
      .update(signInThrottle)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(signInThrottle.email, codeThrottleKey(person.userId)));
    // An enrolment of their own secret (a valid code) while two-step is on already changes nothing: no reset of the count.
    const fresh = await startEnrolment({ id: person.userId, email: person.email });
    const again = await confirmEnrolment({
      user: { id: person.userId },
      sessionId: person.sessionId,
      ticket: fresh.ticket,
      code: codeAt(fresh.secretText.replace(/ /g, ''), Date.now()),
      password: GOOD_PASSWORD,
      ip: ip(),
    });
    expect(again).toEqual({ ok: false, code: 'already_on' });
    expect(await failures()).toBeGreaterThanOrEqual(3);
  });

  it('of two parallel enrolments with the same ticket exactly one turns it on, and one email goes out', async () => {
    const person = await signedInLongAgo('client');
    const confirm = () =>
      confirmEnrolment({
        user: { id: person.userId },
        sessionId: person.sessionId,
        ticket: person.ticket,
        code: codeAt(person.secret, Date.now()),
        password: GOOD_PASSWORD,
        ip: ip(),
      });
    const results = await Promise.all([confirm(), confirm(), confirm()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'already_on')).toHaveLength(2);
    const db = await getDb();
    const mail = await db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, person.userId), eq(emailOutbox.template, 'two-step-enabled')));
    expect(mail).toHaveLength(1);
  });
});

describe('signing in with two-step verification (ASVS 6.6.2, 6.5.1)', () => {
  it('leaves the session owing a code after the password, and completes it with a code', async () => {
    const person = await enrolled();
    const sessionId = await sessionOf(person.userId);
    expect((await validateSession(sessionId))?.stage).toBe('code');
    const result = await completeSignIn({
      sessionId,
      userId: person.userId,
      answer: nextCode(person.secret),
      ip: ip(),
    });
    expect(result).toEqual({ ok: true, via: 'code' });
    expect((await validateSession(sessionId))?.stage).toBe('complete');
  });

  it('accepts a code once: of 5 parallel submissions exactly one wins, and an older code is refused after it', async () => {
    const person = await enrolled();
    const code = nextCode(person.secret);
    const results = await Promise.all(
      // Five: the throttle's free attempts (more would be refused unchecked, see the throttling test).
      Array.from({ length: 5 }, () =>
        checkSecondFactor({ userId: person.userId, answer: code, during: 'sign_in', ip: ip() }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'wrong')).toHaveLength(4);
    // The enrolment's own code (an earlier step) is refused too.
    const older = await checkSecondFactor({
      userId: person.userId,
      answer: codeAt(person.secret, Date.now()),
      during: 'sign_in',
      ip: ip(),
    });
    expect(older).toEqual({ ok: false, code: 'wrong' });
    const db = await getDb();
    const replays = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'two_step.failed')));
    expect(replays.every((e) => (e.details as { reason?: string }).reason === 'code_already_used')).toBe(
      true,
    );
    expect(replays.length).toBe(5);
  });

  it('spends a recovery code once (parallel too) and says how many are left', async () => {
    const person = await enrolled();
    const [first, second] = person.codes;
    const used = await checkSecondFactor({
      userId: person.userId,
      answer: first!.toUpperCase(),
      during: 'sign_in',
      ip: ip(),
    });
    expect(used).toEqual({ ok: true, via: 'recovery_code', recoveryCodesLeft: 9 });
    expect(
      await checkSecondFactor({ userId: person.userId, answer: first!, during: 'sign_in', ip: ip() }),
    ).toEqual({ ok: false, code: 'wrong' });
    const burst = await Promise.all(
      Array.from({ length: 6 }, () =>
        checkSecondFactor({ userId: person.userId, answer: second!, during: 'sign_in', ip: ip() }),
      ),
    );
    expect(burst.filter((r) => r.ok)).toEqual([{ ok: true, via: 'recovery_code', recoveryCodesLeft: 8 }]);
  });
});

describe('throttling codes like passwords (ASVS 6.6.3, 6.3.1)', () => {
  it('checks at most 5 of 20 parallel wrong codes, then refuses even the right one until the wait is over', async () => {
    const person = await enrolled();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        checkSecondFactor({ userId: person.userId, answer: String(100000 + i), during: 'sign_in', ip: ip() }),
      ),
    );
    expect(results.filter((r) => !r.ok && r.code === 'wrong')).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.code === 'throttled')).toHaveLength(15);
    expect(
      await checkSecondFactor({
        userId: person.userId,
        answer: nextCode(person.secret),
        during: 'sign_in',
        ip: ip(),
      }),
    ).toMatchObject({
      ok: false,
      code: 'throttled',
    });
    // A correct password does not clear the codes' count: knowing it buys no extra guesses.
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD, ip: ip() })).ok).toBe(
      true,
    );
    const db = await getDb();
    const [row] = await db
      .select()
      .from(signInThrottle)
      .where(eq(signInThrottle.email, codeThrottleKey(person.userId)));
    expect(row?.failures).toBe(5);
    await db
      .update(signInThrottle)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(signInThrottle.email, codeThrottleKey(person.userId)));
    expect(
      await checkSecondFactor({
        userId: person.userId,
        answer: nextCode(person.secret),
        during: 'sign_in',
        ip: ip(),
      }),
    ).toEqual({
      ok: true,
      via: 'code',
    });
  });
});

describe('required roles', () => {
  it('sends counselors, helpdesk and application managers without two-step verification to set it up first; clients not', async () => {
    const helpdesk = await active('helpdesk');
    const counselor = await active('counselor');
    const client = await active('client');
    expect((await validateSession(await sessionOf(helpdesk.userId)))?.stage).toBe('enrol');
    expect((await validateSession(await sessionOf(counselor.userId)))?.stage).toBe('enrol');
    expect((await validateSession(await sessionOf(client.userId)))?.stage).toBe('complete');
    const manager = await enrolled('application_manager');
    const session = await sessionOf(manager.userId);
    expect((await validateSession(session))?.stage).toBe('code');
    await completeSignIn({
      sessionId: session,
      userId: manager.userId,
      answer: nextCode(manager.secret),
      ip: ip(),
    });
    expect((await validateSession(session))?.stage).toBe('complete');
  });
});

describe('the helpdesk reset for a lost phone (ASVS 6.5.6)', () => {
  const staff = (role: Role, id: string): Actor => ({ kind: 'user', id, role, name: 'Staff' });

  it('turns it off, ends every session, emails the person and is audited', async () => {
    const person = await enrolled('counselor');
    const helpdesk = await active('helpdesk');
    const sessionId = await sessionOf(person.userId);
    const result = await resetTwoStep({
      userId: person.userId,
      actor: staff('helpdesk', helpdesk.userId),
      ip: ip(),
    });
    expect(result).toEqual({ ok: true });
    const row = await userRow(person.userId);
    expect(row.twoStepEnabledAt).toBeNull();
    expect(row.twoStepSecret).toBeNull();
    expect(await validateSession(sessionId)).toBeNull();
    const db = await getDb();
    expect(await db.$count(recoveryCodes, eq(recoveryCodes.userId, person.userId))).toBe(0);
    const mails = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, person.userId));
    expect(mails.map((m) => m.template)).toContain('two-step-reset');
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'two_step.reset')));
    expect(event?.actorId).toBe(helpdesk.userId);
    // A new sign-in asks no code now; a counselor must set it up again first (the default roles).
    expect((await validateSession(await sessionOf(person.userId)))?.stage).toBe('enrol');
    expect(await resetTwoStep({ userId: person.userId, actor: staff('helpdesk', helpdesk.userId) })).toEqual({
      ok: false,
      code: 'two_step_off',
    });
  });

  it('refuses helpdesk for staff above counselor, and a manager for themselves', async () => {
    const manager = await enrolled('application_manager');
    const helpdesk = await active('helpdesk');
    expect(await resetTwoStep({ userId: manager.userId, actor: staff('helpdesk', helpdesk.userId) })).toEqual(
      {
        ok: false,
        code: 'not_allowed',
      },
    );
    expect(
      await resetTwoStep({ userId: manager.userId, actor: staff('application_manager', manager.userId) }),
    ).toEqual({
      ok: false,
      code: 'not_allowed',
    });
    expect((await userRow(manager.userId)).twoStepEnabledAt).not.toBeNull();
  });
});

describe('the second look (ASVS 7.5.3)', () => {
  it('holds for 15 minutes after sign-in, then asks for the password or a code, through the throttle', async () => {
    const person = await enrolled('helpdesk');
    const sessionId = await sessionOf(person.userId);
    const signInCode = nextCode(person.secret);
    await completeSignIn({ sessionId, userId: person.userId, answer: signInCode, ip: ip() });
    expect(await recentlyReauthenticated(sessionId)).toBe(true);
    const db = await getDb();
    const age = () =>
      db
        .update(sessions)
        .set({ reauthenticatedAt: sql`now() - interval '16 minutes'` })
        .where(eq(sessions.id, sessionId));
    await age();
    expect(await recentlyReauthenticated(sessionId)).toBe(false);

    const user = { id: person.userId, sessionId };
    expect(await confirmIdentity({ user, answer: 'not-my-password-at-all', ip: ip() })).toBe('wrong');
    expect(await recentlyReauthenticated(sessionId)).toBe(false);
    expect(await confirmIdentity({ user, answer: GOOD_PASSWORD, ip: ip() })).toBe('ok');
    expect(await recentlyReauthenticated(sessionId)).toBe(true);

    await age();
    // The code used at sign-in is spent; once the app shows a later one (here: as if a minute passed), that works.
    expect(await confirmIdentity({ user, answer: signInCode, ip: ip() })).toBe('wrong');
    await db
      .update(users)
      .set({ twoStepLastStep: sql`${users.twoStepLastStep} - 2` })
      .where(eq(users.id, person.userId));
    expect(await confirmIdentity({ user, answer: nextCode(person.secret), ip: ip() })).toBe('ok');
    expect(await recentlyReauthenticated(sessionId)).toBe(true);
  });
});
