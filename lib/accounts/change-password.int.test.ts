import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, emailOutbox, sessions } from '@/lib/db/schema';
import { active, GOOD_PASSWORD, userRow } from '@/lib/test/factories';
import { startSession } from '@/lib/sessions/start-session';
import { validateSession } from '@/lib/sessions/validate-session';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { changePassword } from './change-password';

describe('changing a password while signed in', () => {
  it('keeps this session, ends the others, queues the email and audits', async () => {
    const person = await active();
    const { sessionVersion } = await userRow(person.userId);
    const here = await startSession({ userId: person.userId, sessionVersion });
    const elsewhere = await startSession({ userId: person.userId, sessionVersion });
    const next = 'meadow-copper-violin-glacier-3';

    expect(
      await changePassword({
        actor: { kind: 'user', id: person.userId, role: 'client', name: 'Test client' },
        sessionId: here,
        current: GOOD_PASSWORD,
        next,
        ip: '192.0.2.44',
      }),
    ).toEqual({ ok: true });
    expect(await validateSession(here)).not.toBeNull();
    expect(await validateSession(elsewhere)).toBeNull();
    const db = await getDb();
    const [ended] = await db.select().from(sessions).where(eq(sessions.id, elsewhere));
    expect(ended?.endReason).toBe('password_changed');
    expect((await verifyCredentials({ email: person.email, password: next })).ok).toBe(true);
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD })).ok).toBe(false);
    const emails = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.userId, person.userId), eq(emailOutbox.template, 'password-changed')));
    expect(emails).toHaveLength(1);
    expect(
      await db.$count(
        auditEvents,
        and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'password.changed')),
      ),
    ).toBe(1);
  });

  it('refuses a wrong current password and records it as a failed sign-in', async () => {
    const person = await active();
    const here = await startSession({
      userId: person.userId,
      sessionVersion: (await userRow(person.userId)).sessionVersion,
    });
    expect(
      await changePassword({
        actor: { kind: 'user', id: person.userId, role: 'client', name: 'Test client' },
        sessionId: here,
        current: 'not-my-password-at-all',
        next: 'meadow-copper-violin-glacier-3',
      }),
    ).toEqual({ ok: false, code: 'current' });
    const db = await getDb();
    const [failed] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'sign_in.failed')));
    expect(failed?.details).toMatchObject({ reason: 'wrong_current_password' });
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD })).ok).toBe(true);
  });

  it('refuses a new password that breaks the policy, with the reason', async () => {
    const person = await active();
    const here = await startSession({
      userId: person.userId,
      sessionVersion: (await userRow(person.userId)).sessionVersion,
    });
    expect(
      await changePassword({
        actor: { kind: 'user', id: person.userId, role: 'client', name: 'Test client' },
        sessionId: here,
        current: GOOD_PASSWORD,
        next: 'Password123!',
      }),
    ).toMatchObject({ ok: false, code: 'password', problems: expect.arrayContaining(['common']) });
    expect(
      await changePassword({
        actor: { kind: 'user', id: person.userId, role: 'client', name: 'Test client' },
        sessionId: here,
        current: GOOD_PASSWORD,
        next: person.email,
      }),
    ).toMatchObject({ ok: false, code: 'password', problems: expect.arrayContaining(['sameAsEmail']) });
  });
});
