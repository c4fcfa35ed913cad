/**
 * Passkeys against a real database (PGlite and PostgreSQL) and real WebAuthn cryptography:
 * the answers come from a software authenticator (lib/test/software-authenticator.ts) that
 * makes P-256 keys, CBOR and signatures as a platform authenticator does, so every check of
 * @simplewebauthn/server and of ours runs as it does for a browser. The browser itself (with
 * Chromium's virtual authenticator) is tested in e2e/passkeys/.
 */
import { describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import {
  auditEvents,
  emailOutbox,
  passkeyChallenges,
  passkeys,
  sessions,
  signInThrottle,
} from '@/lib/db/schema';
import { active, userRow } from '@/lib/test/factories';
import { SoftwareAuthenticator } from '@/lib/test/software-authenticator';
import { startSession } from '@/lib/sessions/start-session';
import { validateSession } from '@/lib/sessions/validate-session';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { deactivateAccount } from '@/lib/accounts/deactivate-account';
import { OPERATOR, type Actor } from '@/lib/accounts/actor';
import { recentlyReauthenticated } from '@/lib/two-step/recently-reauthenticated';
import { confirmIdentityWithPasskey } from './confirm-identity-with-passkey';
import { pruneExpiredRows } from '@/lib/db/prune';
import type { Role } from '@/lib/db/schema';
import { deviceParts, type DeviceParts } from './device-name';
import { startPasskeyRegistration } from './start-passkey-registration';
import { addPasskey } from './add-passkey';
import { startPasskeySignIn } from './start-passkey-sign-in';
import { signInWithPasskey } from './sign-in-with-passkey';
import { startPasskeyCheck } from './start-passkey-check';
import { finishSecondStepWithPasskey } from './finish-second-step';
import { listPasskeys } from './list-passkeys';
import { renamePasskey } from './rename-passkey';
import { removePasskey } from './remove-passkey';
import { removePasskeysByStaff } from './remove-passkeys-by-staff';
import { CHALLENGE_SECONDS } from './challenge';

// Accounts are made with argon2 at full cost, and several tests sign in many times.
vi.setConfig({ testTimeout: 90_000 });

const ORIGIN = 'http://localhost:3999'; // APP_URL of the integration tests (lib/test/setup-db.ts)
let n = 0;
// Addresses of this file alone (other files throttle whole addresses).
const ip = () => `10.28.${Math.floor(n / 250) % 250}.${(n++ % 250) + 1}`;
const CHROME_ON_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const nameFor = (d: DeviceParts) =>
  d.kind === 'provider'
    ? d.provider
    : d.kind === 'model'
      ? d.model
      : d.kind === 'browser'
        ? `${d.browser} on ${d.os}`
        : 'Passkey';

async function sessionOf(userId: string) {
  const row = await userRow(userId);
  return startSession({ userId, sessionVersion: row.sessionVersion, ip: ip() });
}

/** An active person with one passkey, added through the real ceremony. */
async function withPasskey(role: Role = 'client') {
  const person = await active(role);
  const sessionId = await sessionOf(person.userId);
  const authenticator = new SoftwareAuthenticator(ORIGIN);
  const passkeyId = await addWith(person, sessionId, authenticator);
  return { ...person, sessionId, authenticator, passkeyId };
}

async function addWith(
  person: { userId: string; email: string },
  sessionId: string,
  authenticator: SoftwareAuthenticator,
) {
  const options = await startPasskeyRegistration({
    user: { id: person.userId, email: person.email, name: 'Test' },
    sessionId,
  });
  if ('tooMany' in options) throw new Error('too many');
  const result = await addPasskey({
    user: { id: person.userId },
    sessionId,
    response: JSON.stringify(authenticator.register(options)),
    nameFor,
    userAgent: CHROME_ON_LINUX,
    ip: ip(),
  });
  if (!result.ok) throw new Error(`addPasskey: ${result.code}`);
  return result.passkeyId;
}

async function signInAssertion(authenticator: SoftwareAuthenticator, ceremony = {}) {
  return JSON.stringify(authenticator.assert(await startPasskeySignIn(), ceremony));
}

async function sessionsOf(userId: string) {
  const db = await getDb();
  return db.select().from(sessions).where(eq(sessions.userId, userId));
}

async function auditOf(userId: string, action: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, userId), eq(auditEvents.action, action)));
}

async function passkeyRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(passkeys).where(eq(passkeys.id, id));
  return row;
}

async function emailsOf(userId: string, template: string) {
  const db = await getDb();
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.template, template)));
}

describe('adding a passkey', () => {
  it('stores the credential with its counter, backup flags and a name, audits it and emails the person', async () => {
    const person = await withPasskey();
    const row = (await passkeyRow(person.passkeyId))!;
    expect(row.credentialId).toBe(person.authenticator.credentialId);
    expect(row.counter).toBe(0);
    expect(row.deviceType).toBe('multiDevice');
    expect(row.backedUp).toBe(true);
    expect(row.name).toBe('Chrome on Linux');
    expect(row.transports).toEqual(['internal', 'hybrid']);
    expect(await auditOf(person.userId, 'passkey.added')).toHaveLength(1);
    const [mail] = await emailsOf(person.userId, 'passkey-added');
    expect(mail?.locale).toBe('en');
    // Adding is not a re-authentication: the session's second-look time is the sign-in's.
    const [session] = await sessionsOf(person.userId);
    expect(session!.reauthenticatedAt!.getTime()).toBeLessThanOrEqual(row.createdAt.getTime());
  });

  it('names it after a known password manager, else the device', () => {
    expect(deviceParts('ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', CHROME_ON_LINUX)).toEqual({
      kind: 'provider',
      provider: 'Google Password Manager',
    });
    expect(
      deviceParts(
        '00000000-0000-0000-0000-000000000000',
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ kind: 'model', model: 'iPhone' });
    expect(deviceParts('00000000-0000-0000-0000-000000000000', null)).toEqual({ kind: 'unknown' });
  });

  it('refuses an answer used twice, for another site, without user verification, or for another session; the same passkey twice', async () => {
    const person = await active();
    const sessionId = await sessionOf(person.userId);
    const authenticator = new SoftwareAuthenticator(ORIGIN);
    const user = { id: person.userId, email: person.email, name: 'Test' };
    const fresh = async () => {
      const options = await startPasskeyRegistration({ user, sessionId });
      if ('tooMany' in options) throw new Error('too many');
      return options;
    };
    const add = (response: unknown, session = sessionId) =>
      addPasskey({ user: { id: person.userId }, sessionId: session, response, nameFor, ip: ip() });

    expect(
      await add(
        JSON.stringify(authenticator.register(await fresh(), { origin: 'https://gatehouse-login.example' })),
      ),
    ).toEqual({
      ok: false,
      code: 'invalid',
    });
    expect(await add(JSON.stringify(authenticator.register(await fresh(), { userVerified: false })))).toEqual(
      {
        ok: false,
        code: 'invalid',
      },
    );
    const otherSession = await sessionOf(person.userId);
    expect(await add(JSON.stringify(authenticator.register(await fresh())), otherSession)).toEqual({
      ok: false,
      code: 'invalid',
    });
    expect(await add('not json')).toEqual({ ok: false, code: 'invalid' });
    expect(await add(JSON.stringify({ id: 1 }))).toEqual({ ok: false, code: 'invalid' });
    expect(await listPasskeys(person.userId)).toHaveLength(0);

    const answer = JSON.stringify(authenticator.register(await fresh()));
    const [first, second] = await Promise.all([add(answer), add(answer)]);
    expect([first!.ok, second!.ok].sort()).toEqual([false, true]);
    expect([first, second]).toContainEqual({ ok: false, code: 'replayed' });
    expect(await add(JSON.stringify(authenticator.register(await fresh())))).toEqual({
      ok: false,
      code: 'already_added',
    });
    expect(await listPasskeys(person.userId)).toHaveLength(1);
    expect(await emailsOf(person.userId, 'passkey-added')).toHaveLength(1);
  });
});

describe('signing in with a passkey', () => {
  it('makes a complete session (a passkey is both factors), stores the counter and audits it', async () => {
    const person = await withPasskey();
    const result = await signInWithPasskey({
      response: await signInAssertion(person.authenticator),
      ip: ip(),
    });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.userId).toBe(person.userId);
    expect((await validateSession(result.sessionId))?.stage).toBe('complete');
    const row = (await passkeyRow(person.passkeyId))!;
    expect(row.counter).toBe(1);
    expect(row.lastUsedAt).not.toBeNull();
    expect((await userRow(person.userId)).lastSignInAt).not.toBeNull();
    const [audit] = await auditOf(person.userId, 'sign_in.succeeded');
    expect(audit!.details).toMatchObject({ via: 'passkey', passkeyId: person.passkeyId });
  });

  it('a staff member whose role requires two-step verification is complete too, with no app', async () => {
    const person = await withPasskey('helpdesk');
    const result = await signInWithPasskey({
      response: await signInAssertion(person.authenticator),
      ip: ip(),
    });
    expect(result.ok && (await validateSession(result.sessionId))?.stage).toBe('complete');
  });

  it('refuses a replayed assertion: nothing changes, and it counts as a failed attempt', async () => {
    const person = await withPasskey();
    // A synced passkey sends the counter 0 every time: only the spent challenge stops the replay.
    person.authenticator.counts = false;
    const assertion = await signInAssertion(person.authenticator);
    expect((await signInWithPasskey({ response: assertion, ip: ip() })).ok).toBe(true);
    const before = await passkeyRow(person.passkeyId);
    const replayed = await signInWithPasskey({ response: assertion, ip: ip() });
    expect(replayed).toEqual({ ok: false, reason: 'replayed' });
    expect(await sessionsOf(person.userId)).toHaveLength(2); // withPasskey's and the first sign-in's
    expect(await passkeyRow(person.passkeyId)).toEqual(before);
    const db = await getDb();
    const [throttle] = await db.select().from(signInThrottle).where(eq(signInThrottle.email, person.email));
    expect(throttle?.failures).toBe(1);

    // A counting authenticator's replay is refused already by its counter (it did not go up).
    const counting = await withPasskey();
    const again = await signInAssertion(counting.authenticator);
    expect((await signInWithPasskey({ response: again, ip: ip() })).ok).toBe(true);
    expect(await signInWithPasskey({ response: again, ip: ip() })).toEqual({ ok: false, reason: 'invalid' });
    expect(await sessionsOf(counting.userId)).toHaveLength(2);
  });

  it('spends a challenge once: of 5 parallel answers to one challenge (one answer, or five) exactly one signs in', async () => {
    const person = await withPasskey();
    // Counter 0 every time (a synced passkey): only spending the challenge can tell the five apart.
    person.authenticator.counts = false;
    const options = await startPasskeySignIn();
    const same = JSON.stringify(person.authenticator.assert(options));
    const sameResults = await Promise.all(
      Array.from({ length: 5 }, () => signInWithPasskey({ response: same, ip: ip() })),
    );
    expect(sameResults.filter((r) => r.ok)).toHaveLength(1);
    expect(sameResults.filter((r) => !r.ok && r.reason === 'replayed')).toHaveLength(4);

    const other = await withPasskey();
    const options2 = await startPasskeySignIn();
    // Five different signatures (counters 1..5) over the one challenge.
    const different = Array.from({ length: 5 }, () => JSON.stringify(other.authenticator.assert(options2)));
    const results = await Promise.all(different.map((response) => signInWithPasskey({ response, ip: ip() })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await sessionsOf(other.userId)).length).toBe(2);
  });

  it('refuses an assertion made for another site (origin or RP ID), without user verification, or from a cloned key', async () => {
    const person = await withPasskey();
    const refused = async (ceremony: object) =>
      signInWithPasskey({ response: await signInAssertion(person.authenticator, ceremony), ip: ip() });
    expect(await refused({ origin: 'https://gatehouse-login.example' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await refused({ rpId: 'gatehouse-login.example' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await refused({ userVerified: false })).toEqual({ ok: false, reason: 'invalid' });
    const db = await getDb();
    await db.update(passkeys).set({ counter: 50 }).where(eq(passkeys.id, person.passkeyId));
    expect(await refused({})).toEqual({ ok: false, reason: 'invalid' });
    const problems = (await auditOf(person.userId, 'sign_in.failed')).map(
      (e) => (e.details as { problem?: string }).problem,
    );
    expect(problems.sort()).toEqual([
      'counter_went_back',
      'not_user_verified',
      'wrong_origin',
      'wrong_rp_id',
    ]);
    expect(await sessionsOf(person.userId)).toHaveLength(1);
  });

  it('refuses a removed passkey (the browser may forget it), a deactivated account, an expired challenge, and garbage', async () => {
    const person = await withPasskey();
    const unknown = new SoftwareAuthenticator(ORIGIN);
    expect(await signInWithPasskey({ response: await signInAssertion(unknown), ip: ip() })).toEqual({
      ok: false,
      reason: 'unknown_passkey',
      credentialId: unknown.credentialId,
    });

    const options = await startPasskeySignIn();
    const late = JSON.stringify(person.authenticator.assert(options));
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + (CHALLENGE_SECONDS + 1) * 1000);
    try {
      expect(await signInWithPasskey({ response: late, ip: ip() })).toEqual({ ok: false, reason: 'expired' });
    } finally {
      vi.restoreAllMocks();
    }

    for (const garbage of [
      '',
      '{',
      'x'.repeat(40_000),
      JSON.stringify({ id: 'a', rawId: 'a', type: 'public-key' }),
      42,
    ])
      expect(await signInWithPasskey({ response: garbage, ip: ip() })).toEqual({
        ok: false,
        reason: 'invalid',
      });

    const deactivated = await deactivateAccount({
      account: { userId: person.userId },
      reason: 'left',
      actor: OPERATOR,
    });
    expect(deactivated.ok).toBe(true);
    expect(
      await signInWithPasskey({ response: await signInAssertion(person.authenticator), ip: ip() }),
    ).toEqual({
      ok: false,
      reason: 'deactivated',
    });
    expect(await sessionsOf(person.userId)).toHaveLength(1);

    // The removed passkey: gone from the table, refused the same way as one never seen.
    const other = await withPasskey();
    await (await getDb()).delete(passkeys).where(eq(passkeys.id, other.passkeyId));
    const removed = await signInWithPasskey({
      response: await signInAssertion(other.authenticator),
      ip: ip(),
    });
    expect(removed).toMatchObject({ ok: false, reason: 'unknown_passkey' });
  });

  it('is throttled like a password: a blocked address stays blocked for its passkeys too', async () => {
    const person = await withPasskey();
    const db = await getDb();
    await db
      .insert(signInThrottle)
      .values({ email: person.email, failures: 1000, nextAttemptAt: sql`now()` })
      .onConflictDoUpdate({ target: signInThrottle.email, set: { failures: 1000 } });
    expect(
      await signInWithPasskey({ response: await signInAssertion(person.authenticator), ip: ip() }),
    ).toEqual({
      ok: false,
      reason: 'blocked',
    });
    expect(await sessionsOf(person.userId)).toHaveLength(1);
  });
});

describe('a passkey as the second step (staff) and the second look', () => {
  it('a helpdesk worker with a passkey and no app: the password owes the passkey, which completes the session', async () => {
    const person = await active('helpdesk');
    const first = await sessionOf(person.userId);
    // Required role, nothing set up: the session must enrol first.
    expect((await validateSession(first))?.stage).toBe('enrol');
    const authenticator = new SoftwareAuthenticator(ORIGIN);
    await addWith(person, first, authenticator);
    expect((await validateSession(first))?.stage).toBe('complete');

    const signedIn = await verifyCredentials({ email: person.email, password: person.password, ip: ip() });
    expect(signedIn.ok).toBe(true);
    if (!signedIn.ok) return;
    expect((await validateSession(signedIn.sessionId))?.stage).toBe('code');
    const options = await startPasskeyCheck({
      userId: person.userId,
      sessionId: signedIn.sessionId,
      purpose: 'second_step',
    });
    expect(options?.allowCredentials?.map((c) => c.id)).toEqual([authenticator.credentialId]);
    const answer = JSON.stringify(authenticator.assert(options!));
    // Bound to its session: another pending session of the same person cannot use it.
    const other = await verifyCredentials({ email: person.email, password: person.password, ip: ip() });
    if (!other.ok) throw new Error('sign-in');
    expect(
      await finishSecondStepWithPasskey({
        sessionId: other.sessionId,
        userId: person.userId,
        response: answer,
        ip: ip(),
      }),
    ).toEqual({ ok: false, code: 'invalid' });
    const [a, b] = await Promise.all([
      finishSecondStepWithPasskey({
        sessionId: signedIn.sessionId,
        userId: person.userId,
        response: answer,
        ip: ip(),
      }),
      finishSecondStepWithPasskey({
        sessionId: signedIn.sessionId,
        userId: person.userId,
        response: answer,
        ip: ip(),
      }),
    ]);
    expect([a!.ok, b!.ok].sort()).toEqual([false, true]);
    expect((await validateSession(signedIn.sessionId))?.stage).toBe('complete');
    expect((await validateSession(other.sessionId))?.stage).toBe('code');
  });

  it('a client with a passkey still signs in with the password alone (the passkey is a way in, not a step after)', async () => {
    const person = await withPasskey('client');
    const signedIn = await verifyCredentials({ email: person.email, password: person.password, ip: ip() });
    expect(signedIn.ok && (await validateSession(signedIn.sessionId))?.stage).toBe('complete');
  });

  it('the second look accepts a passkey for this session, once', async () => {
    const person = await withPasskey('helpdesk');
    const db = await getDb();
    await db
      .update(sessions)
      .set({ reauthenticatedAt: sql`now() - interval '1 hour'` })
      .where(eq(sessions.id, person.sessionId));
    expect(await recentlyReauthenticated(person.sessionId)).toBe(false);
    const user = { id: person.userId, sessionId: person.sessionId };
    const options = await startPasskeyCheck({
      userId: person.userId,
      sessionId: person.sessionId,
      purpose: 'reauthenticate',
    });
    const answer = JSON.stringify(person.authenticator.assert(options!));
    expect(
      await confirmIdentityWithPasskey({ user, response: answer, during: 'second_look', ip: ip() }),
    ).toBe('ok');
    expect(await recentlyReauthenticated(person.sessionId)).toBe(true);
    expect(
      await confirmIdentityWithPasskey({ user, response: answer, during: 'second_look', ip: ip() }),
    ).toBe('wrong');
    // A sign-in challenge is not a second-look one.
    const signInAnswer = await signInAssertion(person.authenticator);
    expect(
      await confirmIdentityWithPasskey({ user, response: signInAnswer, during: 'second_look', ip: ip() }),
    ).toBe('wrong');
    const [passed] = await auditOf(person.userId, 'second_look.passed');
    expect(passed!.details).toEqual({ via: 'passkey' });
  });
});

describe('managing passkeys', () => {
  it('renames one of your own (audited), not someone else’s', async () => {
    const person = await withPasskey();
    const stranger = await active();
    expect(
      await renamePasskey({ userId: stranger.userId, passkeyId: person.passkeyId, name: 'Mine now' }),
    ).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(
      await renamePasskey({ userId: person.userId, passkeyId: person.passkeyId, name: 'Work laptop' }),
    ).toEqual({
      ok: true,
    });
    expect((await listPasskeys(person.userId)).map((p) => p.name)).toEqual(['Work laptop']);
    const [renamed] = await auditOf(person.userId, 'passkey.renamed');
    expect(renamed!.details).toMatchObject({ before: 'Chrome on Linux', after: 'Work laptop' });
  });

  it('removes one only after the password or a passkey; other sessions end, this one stays; the person is emailed', async () => {
    const person = await withPasskey();
    const laptop = new SoftwareAuthenticator(ORIGIN);
    const laptopId = await addWith(person, person.sessionId, laptop);
    const elsewhere = await sessionOf(person.userId);
    const user = { id: person.userId, sessionId: person.sessionId };

    expect(
      await removePasskey({
        user,
        passkeyId: person.passkeyId,
        confirmation: { password: 'not-my-password-at-all' },
        ip: ip(),
      }),
    ).toEqual({ ok: false, code: 'wrong' });
    expect(await listPasskeys(person.userId)).toHaveLength(2);

    const removed = await removePasskey({
      user,
      passkeyId: person.passkeyId,
      confirmation: { password: person.password },
      ip: ip(),
    });
    expect(removed).toEqual({ ok: true, name: 'Chrome on Linux' });
    expect((await listPasskeys(person.userId)).map((p) => p.id)).toEqual([laptopId]);
    expect(await validateSession(person.sessionId)).not.toBeNull();
    expect(await validateSession(elsewhere)).toBeNull();
    const [mail] = await emailsOf(person.userId, 'passkey-removed');
    expect(mail).toBeTruthy();

    // With a passkey instead of the password (here the very one going).
    const options = await startPasskeyCheck({
      userId: person.userId,
      sessionId: person.sessionId,
      purpose: 'reauthenticate',
    });
    const answer = JSON.stringify(laptop.assert(options!));
    expect(
      await removePasskey({ user, passkeyId: laptopId, confirmation: { passkey: answer }, ip: ip() }),
    ).toEqual({
      ok: true,
      name: 'Chrome on Linux',
    });
    expect(await listPasskeys(person.userId)).toEqual([]);
    // The removed passkey no longer signs in.
    expect(await signInWithPasskey({ response: await signInAssertion(laptop), ip: ip() })).toMatchObject({
      ok: false,
      reason: 'unknown_passkey',
    });
  });

  it('the helpdesk removes a client’s passkeys at their request: sessions end, audited, emailed; not a manager’s', async () => {
    const person = await withPasskey('client');
    const helpdesk = await active('helpdesk');
    const manager = await withPasskey('application_manager');
    const counselor = await active('counselor');
    const actor = (p: { userId: string }, role: Role): Actor => ({
      kind: 'user',
      id: p.userId,
      role,
      name: 'Staff',
    });

    expect(
      await removePasskeysByStaff({ userId: manager.userId, actor: actor(helpdesk, 'helpdesk') }),
    ).toEqual({
      ok: false,
      code: 'not_allowed',
    });
    expect(
      await removePasskeysByStaff({ userId: person.userId, actor: actor(counselor, 'counselor') }),
    ).toEqual({
      ok: false,
      code: 'not_allowed',
    });
    expect(
      await removePasskeysByStaff({ userId: person.userId, actor: actor(helpdesk, 'helpdesk'), ip: ip() }),
    ).toEqual({
      ok: true,
      removed: 1,
    });
    expect(await listPasskeys(person.userId)).toEqual([]);
    expect(await validateSession(person.sessionId)).toBeNull();
    const [audit] = await auditOf(person.userId, 'passkey.removed');
    expect(audit!.actorId).toBe(helpdesk.userId);
    expect(audit!.details).toMatchObject({ via: 'console', count: 1, names: ['Chrome on Linux'] });
    expect(await emailsOf(person.userId, 'passkey-removed')).toHaveLength(1);
    expect(
      await removePasskeysByStaff({ userId: person.userId, actor: actor(helpdesk, 'helpdesk') }),
    ).toEqual({
      ok: false,
      code: 'no_passkeys',
    });
  });
  it('the helpdesk removes one passkey at the person’s request: the other stays, its name is audited, the person emailed', async () => {
    const person = await withPasskey('client');
    const laptop = new SoftwareAuthenticator(ORIGIN);
    const laptopId = await addWith(person, person.sessionId, laptop);
    const stranger = await withPasskey('client');
    const helpdesk = await active('helpdesk');
    const actor: Actor = { kind: 'user', id: helpdesk.userId, role: 'helpdesk', name: 'Staff' };

    // Someone else's passkey, or no passkey id at all, removes nothing.
    for (const passkeyId of [stranger.passkeyId, 'not-a-passkey-id', '00000000-0000-0000-0000-000000000000'])
      expect(await removePasskeysByStaff({ userId: person.userId, actor, passkeyId })).toEqual({
        ok: false,
        code: 'no_passkeys',
      });
    expect(await listPasskeys(person.userId)).toHaveLength(2);
    expect(await listPasskeys(stranger.userId)).toHaveLength(1);

    await renamePasskey({ userId: person.userId, passkeyId: laptopId, name: 'Old laptop', ip: ip() });
    expect(
      await removePasskeysByStaff({ userId: person.userId, actor, passkeyId: laptopId, ip: ip() }),
    ).toEqual({ ok: true, removed: 1 });
    expect((await listPasskeys(person.userId)).map((p) => p.id)).toEqual([person.passkeyId]);
    expect(await validateSession(person.sessionId)).toBeNull();
    const [audit] = await auditOf(person.userId, 'passkey.removed');
    expect(audit!.details).toMatchObject({ via: 'console', count: 1, names: ['Old laptop'] });
    expect(await emailsOf(person.userId, 'passkey-removed')).toHaveLength(1);
    // The removed one no longer signs in; the kept one does.
    expect(await signInWithPasskey({ response: await signInAssertion(laptop), ip: ip() })).toMatchObject({
      ok: false,
      reason: 'unknown_passkey',
    });
    expect(
      await signInWithPasskey({ response: await signInAssertion(person.authenticator), ip: ip() }),
    ).toMatchObject({ ok: true });
  });
});

describe('challenges are pruned once expired (ASVS 14.2.7)', () => {
  it('deletes spent challenges past their expiry and keeps the others', async () => {
    const db = await getDb();
    await db.insert(passkeyChallenges).values([
      { challengeHash: 'spent-and-expired', expiresAt: sql`now() - interval '1 minute'` },
      { challengeHash: 'spent-and-live', expiresAt: sql`now() + interval '4 minutes'` },
    ]);
    const counts = await pruneExpiredRows(db);
    expect(counts.passkeyChallenges).toBeGreaterThanOrEqual(1);
    const left = (await db.select().from(passkeyChallenges)).map((c) => c.challengeHash);
    expect(left).toContain('spent-and-live');
    expect(left).not.toContain('spent-and-expired');
  });
});
