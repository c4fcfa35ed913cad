import { describe, expect, it } from 'vitest';
import { OPERATOR } from '@/lib/accounts/actor';
import { and, desc, eq, sql } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import { getDb } from '@/lib/db/client';
import { auditEvents, sessions, users } from '@/lib/db/schema';
import { deactivateAccount } from '@/lib/accounts/deactivate-account';
import { active, GOOD_PASSWORD, invited, uniqueEmail, userRow } from '@/lib/test/factories';
import { verifyCredentials } from './verify-credentials';
import { endSession } from '@/lib/sessions/end-session';
import { startSession } from '@/lib/sessions/start-session';
import { validateSession } from '@/lib/sessions/validate-session';
import { parseHashParameters, verifyPassword } from './password-hash';

async function lastAudit(targetId: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.targetId, targetId))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row!;
}

describe('verifying credentials', () => {
  it('accepts the right password exactly as typed and records the sign-in', async () => {
    const person = await active();
    const result = await verifyCredentials({
      email: person.email.toUpperCase(),
      password: GOOD_PASSWORD,
      ip: '198.51.100.7',
    });
    expect(result).toMatchObject({ ok: true, userId: person.userId });
    expect((await userRow(person.userId)).lastSignInAt).toBeInstanceOf(Date);
    const audit = await lastAudit(person.userId);
    expect(audit).toMatchObject({ action: 'sign_in.succeeded', ip: '198.51.100.7' });

    for (const variant of [
      GOOD_PASSWORD.toUpperCase(),
      ` ${GOOD_PASSWORD}`,
      `${GOOD_PASSWORD} `,
      GOOD_PASSWORD.slice(0, -1),
    ]) {
      expect(await verifyCredentials({ email: person.email, password: variant })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('answers "invalid" alike for unknown email, wrong password and no password yet, and audits each without the password', async () => {
    const person = await active();
    const waiting = await invited();
    expect(await verifyCredentials({ email: uniqueEmail('ghost'), password: 'whatever-password' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifyCredentials({ email: person.email, password: 'wrong-password-1' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifyCredentials({ email: waiting.email, password: GOOD_PASSWORD })).toEqual({
      ok: false,
      reason: 'invalid',
    });

    const wrong = await lastAudit(person.userId);
    expect(wrong).toMatchObject({ action: 'sign_in.failed', details: { reason: 'wrong_password' } });
    expect(JSON.stringify(wrong)).not.toContain('wrong-password-1');
    expect((await lastAudit(waiting.userId)).details).toEqual({ reason: 'no_password_yet' });
    expect((await userRow(person.userId)).lastFailedSignInAt).toBeInstanceOf(Date);
  });

  it('says "deactivated" only after a correct password', async () => {
    const person = await active();
    await deactivateAccount({ account: { email: person.email }, actor: OPERATOR });
    expect(await verifyCredentials({ email: person.email, password: 'wrong-password-2' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifyCredentials({ email: person.email, password: GOOD_PASSWORD })).toEqual({
      ok: false,
      reason: 'deactivated',
    });
  });

  it('accepts long passwords of 64 and 128 characters and unicode', async () => {
    const words =
      'tangerine voyage quibble harbor mosaic tundra whistle kettle lantern orchard fossil meadow copper violin glacier saddle pepper anchor blossom';
    const of = (n: number) => words.replace(/ /g, '-').slice(0, n);
    expect(of(64)).toHaveLength(64);
    expect(of(128)).toHaveLength(128);
    for (const password of [of(64), of(128), 'fiets-zonnebloem-ë-en-😀-kastanje']) {
      const person = await active('client', password);
      expect((await verifyCredentials({ email: person.email, password })).ok).toBe(true);
    }
  });

  it('rehashes a weaker stored hash at sign-in, keeping the same password', async () => {
    const person = await active();
    const db = await getDb();
    const weak = await hash(GOOD_PASSWORD, { algorithm: 2, memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await db.update(users).set({ passwordHash: weak }).where(eq(users.id, person.userId));
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD })).ok).toBe(true);
    const stored = (await userRow(person.userId)).passwordHash!;
    expect(parseHashParameters(stored)).toEqual({ algorithm: 'argon2id', m: 19456, t: 2, p: 1 });
    expect(await verifyPassword(stored, GOOD_PASSWORD)).toBe(true);
    const [rehashed] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'password.rehashed')));
    expect(rehashed).toBeTruthy();
  });
});

describe('sessions', () => {
  async function newSession() {
    const person = await active();
    const user = await userRow(person.userId);
    const id = await startSession({
      userId: person.userId,
      sessionVersion: user.sessionVersion,
      ip: '192.0.2.1',
      userAgent: 'test',
    });
    return { person, id };
  }

  it('are valid until ended, and an ended session never comes back', async () => {
    const { person, id } = await newSession();
    expect(await validateSession(id)).toMatchObject({
      userId: person.userId,
      email: person.email,
      role: 'client',
    });
    expect(await endSession(id, 'signed_out')).toEqual({ userId: person.userId });
    expect(await validateSession(id)).toBeNull();
    expect(await endSession(id, 'signed_out')).toBeNull();
  });

  it('end when idle longer than the idle timeout or older than the absolute lifetime', async () => {
    const db = await getDb();
    const idle = await newSession();
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '61 minutes'` })
      .where(eq(sessions.id, idle.id));
    expect(await validateSession(idle.id)).toBeNull();

    const old = await newSession();
    await db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, old.id));
    expect(await validateSession(old.id)).toBeNull();

    const fresh = await newSession();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, fresh.id));
    const hours = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(12, 3);
  });

  it('end when the user session_version is bumped', async () => {
    const { person, id } = await newSession();
    const db = await getDb();
    await db
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, person.userId));
    expect(await validateSession(id)).toBeNull();
  });

  it.each([undefined, null, 42, 'not-a-uuid', "' or 1=1 --"])('refuse the malformed id %j', async (id) => {
    expect(await validateSession(id)).toBeNull();
  });
});
