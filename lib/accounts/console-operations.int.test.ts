import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, emailOutbox, users } from '@/lib/db/schema';
import { startSession } from '@/lib/sessions/start-session';
import { validateSession } from '@/lib/sessions/validate-session';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { active, GOOD_PASSWORD, invited, userRow } from '@/lib/test/factories';
import type { Actor } from './actor';
import { inspectLink } from '@/lib/links/inspect-link';
import { changeEmail } from './change-email';
import { changeRole } from './change-role';
import { sendPasswordResetLink } from './send-password-reset-link';
import { signOutEverywhere } from './sign-out-everywhere';
import { deactivateAccount } from './deactivate-account';
import { reactivateAccount } from './reactivate-account';

async function staff(role: 'helpdesk' | 'application_manager' | 'counselor'): Promise<Actor> {
  const s = await active(role);
  return { kind: 'user', id: s.userId, role, name: `Staff ${role}` };
}

async function emailsOf(userId: string) {
  const db = await getDb();
  return db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId));
}

describe('console fixes', () => {
  it('correcting an email: links voided, sessions ended, notice to old and welcome to new, audited with before and after', async () => {
    const helpdesk = await staff('helpdesk');
    const person = await invited('client');
    const newEmail = `fixed.${person.email}`;
    expect(
      await changeEmail({
        userId: person.userId,
        newEmail: newEmail.toUpperCase(),
        actor: helpdesk,
        ip: '192.0.2.9',
      }),
    ).toEqual({ ok: true, pending: false });
    expect((await userRow(person.userId)).email).toBe(newEmail);
    expect((await inspectLink(await getDb(), person.token)).state).toBe('superseded');
    const mails = await emailsOf(person.userId);
    expect(mails.filter((m) => m.toAddress === person.email && m.template === 'email-changed')).toHaveLength(
      1,
    );
    expect(mails.filter((m) => m.toAddress === newEmail && m.template === 'welcome')).toHaveLength(1);
    const db = await getDb();
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'account.email_changed')));
    expect(event).toMatchObject({
      actorId: helpdesk.kind === 'user' ? helpdesk.id : null,
      ip: '192.0.2.9',
      details: { before: person.email, after: newEmail },
    });
  });

  it('refuses an email already in use and changes nothing', async () => {
    const helpdesk = await staff('helpdesk');
    const a = await invited('client');
    const b = await invited('client');
    expect(await changeEmail({ userId: a.userId, newEmail: b.email, actor: helpdesk })).toEqual({
      ok: false,
      code: 'email_taken',
    });
    expect((await userRow(a.userId)).email).toBe(a.email);
    expect((await inspectLink(await getDb(), a.token)).state).toBe('valid');
  });

  it('helpdesk cannot touch an application manager; a counselor cannot fix anything; only managers change roles', async () => {
    const helpdesk = await staff('helpdesk');
    const counselor = await staff('counselor');
    const manager = await staff('application_manager');
    const otherManager = await active('application_manager');
    const client = await active('client');
    expect(
      await deactivateAccount({ account: { userId: otherManager.userId }, reason: 'x', actor: helpdesk }),
    ).toEqual({ ok: false, code: 'not_allowed' });
    expect(
      await changeEmail({ userId: otherManager.userId, newEmail: 'x@example.org', actor: helpdesk }),
    ).toEqual({ ok: false, code: 'not_allowed' });
    // ASVS 6.4.6: a staff account's address (and so its password reset) is for application managers only.
    const colleague = await active('counselor');
    expect(
      await changeEmail({
        userId: colleague.userId,
        newEmail: `taken.over.${colleague.email}`,
        actor: helpdesk,
      }),
    ).toEqual({ ok: false, code: 'not_allowed' });
    expect((await userRow(colleague.userId)).email).toBe(colleague.email);
    expect(
      await changeEmail({ userId: colleague.userId, newEmail: `moved.${colleague.email}`, actor: manager }),
    ).toEqual({ ok: true, pending: true });
    expect(await changeRole({ userId: client.userId, role: 'application_manager', actor: helpdesk })).toEqual(
      { ok: false, code: 'not_allowed' },
    );
    expect(await sendPasswordResetLink({ userId: client.userId, actor: counselor })).toEqual({
      ok: false,
      code: 'not_allowed',
    });
    expect((await userRow(otherManager.userId)).status).toBe('active');
    expect((await userRow(client.userId)).role).toBe('client');
    expect(await changeRole({ userId: client.userId, role: 'helpdesk', actor: manager })).toEqual({
      ok: true,
    });
    expect((await userRow(client.userId)).role).toBe('helpdesk');
    expect(
      await changeRole({ userId: manager.kind === 'user' ? manager.id : '', role: 'client', actor: manager }),
    ).toEqual({ ok: false, code: 'not_allowed' });
  });

  it('deactivate with reason keeps everything; reactivate lets the old password work again; reset link only for active accounts', async () => {
    const helpdesk = await staff('helpdesk');
    const person = await active('client');
    expect(
      await deactivateAccount({
        account: { userId: person.userId },
        reason: 'moved abroad',
        actor: helpdesk,
      }),
    ).toMatchObject({ ok: true });
    expect(await userRow(person.userId)).toMatchObject({
      status: 'deactivated',
      deactivationReason: 'moved abroad',
      deactivatedById: helpdesk.kind === 'user' ? helpdesk.id : null,
    });
    expect(await sendPasswordResetLink({ userId: person.userId, actor: helpdesk })).toEqual({
      ok: false,
      code: 'not_active',
    });
    expect(await reactivateAccount({ account: { userId: person.userId }, actor: helpdesk })).toMatchObject({
      ok: true,
      status: 'active',
    });
    expect((await verifyCredentials({ email: person.email, password: GOOD_PASSWORD })).ok).toBe(true);
    expect(await sendPasswordResetLink({ userId: person.userId, actor: helpdesk })).toMatchObject({
      ok: true,
    });
    expect((await emailsOf(person.userId)).some((m) => m.template === 'reset-password')).toBe(true);
  });

  it('unknown and malformed ids are not found', async () => {
    const helpdesk = await staff('helpdesk');
    expect(
      await deactivateAccount({
        account: { userId: '00000000-0000-0000-0000-000000000000' },
        reason: 'x',
        actor: helpdesk,
      }),
    ).toEqual({ ok: false, code: 'not_found' });
    expect(
      await changeEmail({ userId: "'; drop table users; --", newEmail: 'a@example.org', actor: helpdesk }),
    ).toEqual({ ok: false, code: 'not_found' });
  });
});

describe("ASVS 7.4.5 staff end all of a person's sessions without deactivating them", () => {
  it('ends every open session, keeps the account and password, audits it; only those who may fix the account can', async () => {
    const helpdesk = await staff('helpdesk');
    const person = await active('client');
    const { sessionVersion } = await userRow(person.userId);
    const phone = await startSession({ userId: person.userId, sessionVersion });
    const laptop = await startSession({ userId: person.userId, sessionVersion });
    expect(await validateSession(phone)).not.toBeNull();

    expect(await signOutEverywhere({ userId: person.userId, actor: helpdesk, ip: '192.0.2.31' })).toEqual({
      ok: true,
      ended: 2,
    });
    expect(await validateSession(phone)).toBeNull();
    expect(await validateSession(laptop)).toBeNull();
    const after = await userRow(person.userId);
    expect(after.status).toBe('active');
    expect(after.sessionVersion).toBe(sessionVersion + 1);
    // The person signs in again at once, with the same password.
    const again = await verifyCredentials({ email: person.email, password: GOOD_PASSWORD });
    expect(again.ok).toBe(true);
    if (again.ok)
      expect(
        await validateSession(
          await startSession({ userId: person.userId, sessionVersion: again.sessionVersion }),
        ),
      ).not.toBeNull();

    const db = await getDb();
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'account.sessions_ended')));
    expect(event).toMatchObject({
      actorId: helpdesk.kind === 'user' ? helpdesk.id : null,
      ip: '192.0.2.31',
      details: { sessions: 2 },
    });

    // The same permission as every other fix: not a counselor, not helpdesk on an application manager.
    const manager = await active('application_manager');
    const counselor = await staff('counselor');
    expect(await signOutEverywhere({ userId: manager.userId, actor: helpdesk })).toEqual({
      ok: false,
      code: 'not_allowed',
    });
    expect(await signOutEverywhere({ userId: person.userId, actor: counselor })).toEqual({
      ok: false,
      code: 'not_allowed',
    });
    expect(
      await signOutEverywhere({ userId: manager.userId, actor: await staff('application_manager') }),
    ).toEqual({ ok: true, ended: 0 });
  });
});

describe('the audit log', () => {
  it('is append-only: UPDATE and DELETE are refused, even for the app itself', async () => {
    const person = await invited('client');
    const db = await getDb();
    // drizzle wraps the database error; the database's own message is in `cause`.
    const refused = (pattern: RegExp) => ({
      cause: expect.objectContaining({ message: expect.stringMatching(pattern) }),
    });
    await expect(
      db.update(auditEvents).set({ action: 'tampered' }).where(eq(auditEvents.targetId, person.userId)),
    ).rejects.toMatchObject(refused(/append-only/));
    await expect(db.delete(auditEvents).where(eq(auditEvents.targetId, person.userId))).rejects.toMatchObject(
      refused(/append-only/),
    );
    await expect(db.execute(sql`truncate audit_events`)).rejects.toMatchObject(
      refused(/append-only|foreign key/),
    );
    expect(await db.$count(auditEvents, eq(auditEvents.targetId, person.userId))).toBeGreaterThan(0);
    expect(await db.$count(users, eq(users.id, person.userId))).toBe(1);
  });
});
