/**
 * "Where you are signed in" (issue 29): a person sees their sessions that still count and
 * ends one or all others; staff end one or all with a reason. Bad input changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, sessions } from '@/lib/db/schema';
import { OPERATOR } from '@/lib/accounts/actor';
import { endAccountSession } from '@/lib/accounts/end-account-session';
import { signOutEverywhere } from '@/lib/accounts/sign-out-everywhere';
import { active, userRow } from '@/lib/test/factories';
import { endOtherSessions } from './end-other-sessions';
import { endOwnSession } from './end-own-session';
import { endSession } from './end-session';
import { listActiveSessions } from './list-active-sessions';
import { startSession } from './start-session';
import { validateSession } from './validate-session';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

async function twoBrowsers() {
  const person = await active();
  const laptop = await startSession({
    userId: person.userId,
    sessionVersion: (await userRow(person.userId)).sessionVersion,
    ip: '203.0.113.77',
    userAgent: CHROME,
  });
  const phone = await startSession({
    userId: person.userId,
    sessionVersion: (await userRow(person.userId)).sessionVersion,
    ip: '2001:db8:85a3::7',
    userAgent: FIREFOX,
  });
  return { person, laptop, phone };
}

async function auditsOf(userId: string) {
  const db = await getDb();
  return db.select().from(auditEvents).where(eq(auditEvents.targetId, userId)).orderBy(desc(auditEvents.id));
}

async function endedAt(sessionId: string) {
  const db = await getDb();
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  return row!.endedAt;
}

describe('listing a person’s sessions', () => {
  it('shows the sessions that count, labelled and shortened, this one marked; never an ended one', async () => {
    const { person, laptop, phone } = await twoBrowsers();
    const ended = await startSession({
      userId: person.userId,
      sessionVersion: (await userRow(person.userId)).sessionVersion,
      userAgent: CHROME,
    });
    await endSession(ended, 'signed_out');
    const list = await listActiveSessions(person.userId, laptop);
    expect(list.map((s) => s.id).sort()).toEqual([laptop, phone].sort());
    const mine = list.find((s) => s.id === laptop)!;
    expect(mine).toMatchObject({
      browser: 'Chrome 131',
      os: 'Windows 10',
      network: '203.0.113.x',
      current: true,
    });
    expect(list.find((s) => s.id === phone)).toMatchObject({
      browser: 'Firefox 133',
      os: 'Linux',
      network: '2001:db8:85a3::/48',
      current: false,
    });
    // Nothing of the raw address or User-Agent leaves the list.
    expect(JSON.stringify(list)).not.toContain('203.0.113.77');
    expect(JSON.stringify(list)).not.toContain('Mozilla');
  });

  it('drops every session once the person’s session_version moved on (a password change)', async () => {
    const { person, laptop } = await twoBrowsers();
    await signOutEverywhere({ userId: person.userId, actor: OPERATOR });
    expect(await listActiveSessions(person.userId, laptop)).toEqual([]);
  });
});

describe('a person ending their own sessions', () => {
  it('ends one other session: refused at its next request, this one untouched, audited', async () => {
    const { person, laptop, phone } = await twoBrowsers();
    expect(
      await endOwnSession({
        userId: person.userId,
        sessionId: phone,
        currentSessionId: laptop,
        ip: '203.0.113.77',
      }),
    ).toEqual({ ok: true });
    expect(await validateSession(phone)).toBeNull();
    expect(await validateSession(laptop)).toMatchObject({ userId: person.userId });
    const [audit] = await auditsOf(person.userId);
    expect(audit).toMatchObject({
      action: 'session.ended',
      actorId: person.userId,
      details: { scope: 'one', sessions: 1 },
    });
  });

  it('refuses another person’s session, an ended one, its own and garbage, changing nothing', async () => {
    const { person, laptop, phone } = await twoBrowsers();
    const other = await twoBrowsers();
    const before = (await auditsOf(person.userId)).length;
    for (const sessionId of [other.phone, 'not-a-session', undefined, '00000000-0000-0000-0000-000000000000'])
      expect(await endOwnSession({ userId: person.userId, sessionId, currentSessionId: laptop })).toEqual({
        ok: false,
        code: 'not_found',
      });
    expect(
      await endOwnSession({ userId: person.userId, sessionId: laptop, currentSessionId: laptop }),
    ).toEqual({
      ok: false,
      code: 'current',
    });
    expect(await validateSession(other.phone)).not.toBeNull();
    expect(await validateSession(laptop)).not.toBeNull();
    expect(await validateSession(phone)).not.toBeNull();
    // A stale page: the session was ended meanwhile; the second try is refused.
    await endOwnSession({ userId: person.userId, sessionId: phone, currentSessionId: laptop });
    const firstEnd = await endedAt(phone);
    expect(
      await endOwnSession({ userId: person.userId, sessionId: phone, currentSessionId: laptop }),
    ).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await endedAt(phone)).toEqual(firstEnd);
    expect((await auditsOf(person.userId)).length).toBe(before + 1);
  });

  it('two clicks at once on the same session: one ends it, the other is told it is gone', async () => {
    const { person, laptop, phone } = await twoBrowsers();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        endOwnSession({ userId: person.userId, sessionId: phone, currentSessionId: laptop }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const audits = await auditsOf(person.userId);
    expect(audits.filter((a) => a.action === 'session.ended')).toHaveLength(1);
  });

  it('signs out everywhere else and keeps this browser', async () => {
    const { person, laptop, phone } = await twoBrowsers();
    const third = await startSession({
      userId: person.userId,
      sessionVersion: (await userRow(person.userId)).sessionVersion,
      userAgent: CHROME,
    });
    expect(await endOtherSessions({ userId: person.userId, currentSessionId: laptop })).toEqual({ ended: 2 });
    expect(await validateSession(phone)).toBeNull();
    expect(await validateSession(third)).toBeNull();
    expect(await validateSession(laptop)).not.toBeNull();
    expect(await endOtherSessions({ userId: person.userId, currentSessionId: laptop })).toEqual({ ended: 0 });
  });
});

describe('staff ending a person’s sessions', () => {
  it('ends one with a reason, in the history; a stale or foreign session id changes nothing', async () => {
    const { person, laptop, phone } = await twoBrowsers();
    const other = await twoBrowsers();
    expect(
      await endAccountSession({
        userId: person.userId,
        sessionId: phone,
        reason: 'Left signed in at the library',
        actor: OPERATOR,
      }),
    ).toEqual({ ok: true });
    expect(await validateSession(phone)).toBeNull();
    expect(await validateSession(laptop)).not.toBeNull();
    const [audit] = await auditsOf(person.userId);
    expect(audit).toMatchObject({
      action: 'account.sessions_ended',
      details: { sessions: 1, reason: 'Left signed in at the library' },
    });
    for (const sessionId of [phone, other.laptop, 'nonsense'])
      expect(
        await endAccountSession({ userId: person.userId, sessionId, reason: 'x', actor: OPERATOR }),
      ).toEqual({
        ok: false,
        code: 'session_gone',
      });
    expect(await validateSession(other.laptop)).not.toBeNull();
  });

  it('a counselor may not end a session of someone else’s account', async () => {
    const { person, phone } = await twoBrowsers();
    const counselor = await active('counselor');
    const result = await endAccountSession({
      userId: person.userId,
      sessionId: phone,
      reason: 'x',
      actor: { kind: 'user', id: counselor.userId, role: 'counselor', name: 'C' },
    });
    expect(result).toEqual({ ok: false, code: 'not_allowed' });
    expect(await validateSession(phone)).not.toBeNull();
  });

  it('ends all with a reason', async () => {
    const { person, laptop, phone } = await twoBrowsers();
    expect(
      await signOutEverywhere({ userId: person.userId, actor: OPERATOR, reason: 'Phone stolen' }),
    ).toEqual({
      ok: true,
      ended: 2,
    });
    expect(await validateSession(laptop)).toBeNull();
    expect(await validateSession(phone)).toBeNull();
    const db = await getDb();
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, person.userId), eq(auditEvents.action, 'account.sessions_ended')));
    expect(audit!.details).toMatchObject({ sessions: 2, reason: 'Phone stolen' });
  });
});
