import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, oneTimeTokens, sessions, users } from '@/lib/db/schema';
import { hashToken } from '@/lib/security/tokens';
import { verifyPassword } from '@/lib/auth/password-hash';
import { startSession } from '@/lib/sessions/start-session';
import { validateSession } from '@/lib/sessions/validate-session';
import { createAccount } from './create-account';
import { OPERATOR } from './actor';
import { activateAccountWithLink } from './activate-account';
import { deactivateAccount } from './deactivate-account';
import { reactivateAccount } from './reactivate-account';
import { inspectLink } from '@/lib/links/inspect-link';
import {
  active,
  expireLinksOf,
  GOOD_PASSWORD,
  invited,
  tokenOf,
  uniqueEmail,
  userRow,
} from '@/lib/test/factories';

describe('creating an account', () => {
  it('makes an invited account with a welcome link valid for 7 days, storing only the token hash', async () => {
    const email = uniqueEmail();
    const result = await createAccount({
      email: `  ${email.toUpperCase()} `,
      name: ' Ada ',
      role: 'client',
      actor: OPERATOR,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.welcomeUrl).toMatch(/^http:\/\/localhost:3999\/welcome\?token=[A-Za-z0-9_-]{43}$/);
    const days = (result.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const user = await userRow(result.userId);
    expect(user).toMatchObject({ email, name: 'Ada', status: 'invited', passwordHash: null });

    const db = await getDb();
    const token = tokenOf(result.welcomeUrl);
    const rows = await db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, result.userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, result.userId), eq(auditEvents.action, 'account.created')));
    expect(audit?.details).toMatchObject({ email, role: 'client', via: 'command line' });
  });

  it('refuses a duplicate email (in any case) and writes nothing', async () => {
    const { email } = await invited();
    const db = await getDb();
    const before = await db.$count(users);
    const again = await createAccount({
      email: email.toUpperCase(),
      name: 'Dup',
      role: 'client',
      actor: OPERATOR,
    });
    expect(again).toEqual({ ok: false, code: 'email_taken' });
    expect(await db.$count(users)).toBe(before);
  });

  it('ASVS 8.2.2 a counselor cannot learn whether an address has an account: a neutral "ask the helpdesk", audited', async () => {
    const counselorAccount = await active('counselor');
    const counselor = {
      kind: 'user',
      id: counselorAccount.userId,
      role: 'counselor',
      name: 'Coach',
    } as const;
    const colleague = await active('helpdesk');
    const otherClient = await invited('client');
    for (const taken of [colleague.email, otherClient.email.toUpperCase()]) {
      expect(
        await createAccount({ email: taken, name: 'New client', role: 'client', actor: counselor }),
      ).toEqual({ ok: false, code: 'ask_helpdesk' });
    }
    // Helpdesk, who can see every account below manager, is told plainly.
    const helpdesk = { kind: 'user', id: colleague.userId, role: 'helpdesk', name: 'Desk' } as const;
    expect(
      await createAccount({ email: otherClient.email, name: 'New client', role: 'client', actor: helpdesk }),
    ).toEqual({ ok: false, code: 'email_taken' });
    const db = await getDb();
    const refused = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorId, counselorAccount.userId),
          eq(auditEvents.action, 'account.create_refused'),
        ),
      );
    expect(refused).toHaveLength(2);
    expect(JSON.stringify(refused)).not.toContain(otherClient.email.split('@')[0]);
  });

  it("lets helpdesk create clients only: staff accounts are an application manager's job (issue 26, finding 5)", async () => {
    const desk = await active('helpdesk');
    const helpdesk = { kind: 'user', id: desk.userId, role: 'helpdesk', name: 'Desk' } as const;
    for (const role of ['counselor', 'helpdesk', 'application_manager'] as const) {
      const email = uniqueEmail(role);
      expect(await createAccount({ email, name: 'Staff', role, actor: helpdesk })).toEqual({
        ok: false,
        code: 'role_not_allowed',
      });
      const db = await getDb();
      expect(await db.$count(users, eq(users.email, email))).toBe(0);
    }
    expect(
      (await createAccount({ email: uniqueEmail(), name: 'C', role: 'client', actor: helpdesk })).ok,
    ).toBe(true);
  });

  it('links a client to an existing counselor and refuses an unknown one', async () => {
    const counselor = await invited('counselor');
    const ok = await createAccount({
      email: uniqueEmail(),
      name: 'C',
      role: 'client',
      counselorEmail: counselor.email,
      actor: OPERATOR,
    });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect((await userRow(ok.userId)).counselorId).toBe(counselor.userId);
    const notCounselor = await invited('client');
    expect(
      await createAccount({
        email: uniqueEmail(),
        name: 'C',
        role: 'client',
        counselorEmail: notCounselor.email,
        actor: OPERATOR,
      }),
    ).toEqual({
      ok: false,
      code: 'counselor_not_found',
    });
  });
});

describe('the welcome link', () => {
  it('can be inspected any number of times without being used', async () => {
    const { token } = await invited();
    const db = await getDb();
    for (let i = 0; i < 3; i++) expect((await inspectLink(db, token)).state).toBe('valid');
  });

  it('sets the password once: argon2id hash stored, account active, link used', async () => {
    const { token, userId, email } = await invited();
    const result = await activateAccountWithLink({ token, password: GOOD_PASSWORD, ip: '203.0.113.9' });
    expect(result).toEqual({ ok: true, userId, email });
    const user = await userRow(userId);
    expect(user.status).toBe('active');
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(user.passwordHash!, GOOD_PASSWORD)).toBe(true);
    expect(await activateAccountWithLink({ token, password: 'another-quite-long-phrase-1' })).toEqual({
      ok: false,
      code: 'link',
      linkState: 'used',
    });
    expect(await verifyPassword((await userRow(userId)).passwordHash!, GOOD_PASSWORD)).toBe(true);
  });

  it('lets exactly one of 50 simultaneous submissions win', async () => {
    const { token, userId } = await invited();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        activateAccountWithLink({ token, password: `parallel-orchard-tundra-${i}` }),
      ),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'link' && r.linkState === 'used')).toHaveLength(49);
    const db = await getDb();
    const activations = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, userId), eq(auditEvents.action, 'account.activated')));
    expect(activations).toHaveLength(1);
  });

  it('is refused once expired (time set in the database) and keeps the account invited', async () => {
    const { token, userId } = await invited();
    await expireLinksOf(userId);
    expect((await inspectLink(await getDb(), token)).state).toBe('expired');
    expect(await activateAccountWithLink({ token, password: GOOD_PASSWORD })).toEqual({
      ok: false,
      code: 'link',
      linkState: 'expired',
    });
    expect((await userRow(userId)).status).toBe('invited');
  });

  it('refuses a password that breaks the policy without using the link', async () => {
    const { token, email } = await invited();
    expect(await activateAccountWithLink({ token, password: 'short' })).toEqual({
      ok: false,
      code: 'password',
      problems: expect.arrayContaining(['tooShort']),
    });
    expect(await activateAccountWithLink({ token, password: email })).toEqual({
      ok: false,
      code: 'password',
      problems: expect.arrayContaining(['sameAsEmail']),
    });
    // The server enforces the whole policy, not only length: a common password is refused too.
    expect(await activateAccountWithLink({ token, password: 'Password123!' })).toEqual({
      ok: false,
      code: 'password',
      problems: expect.arrayContaining(['common']),
    });
    expect((await inspectLink(await getDb(), token)).state).toBe('valid');
  });

  it.each([
    ['empty', ''],
    ['too short', 'x'],
    ['well-formed but never issued', 'A'.repeat(43)],
    ['not base64url', 'not base64url at all!!!!!!!!!!!!!!!!!!!!!!!!'],
    ['10,000 characters', 'A'.repeat(10_000)],
  ])('treats a token that is %s as an unknown link', async (_label, token) => {
    expect(await activateAccountWithLink({ token, password: GOOD_PASSWORD })).toEqual({
      ok: false,
      code: 'link',
      linkState: 'unknown',
    });
  });
});

describe('deactivating and reactivating', () => {
  it('ends every session, voids open links, keeps all data, and reactivation restores sign-in', async () => {
    const person = await active();
    const user = await userRow(person.userId);
    const sessionId = await startSession({ userId: person.userId, sessionVersion: user.sessionVersion });
    expect(await validateSession(sessionId)).not.toBeNull();

    const result = await deactivateAccount({
      account: { email: person.email },
      actor: OPERATOR,
      reason: 'moved away',
    });
    expect(result.ok).toBe(true);
    expect(await validateSession(sessionId)).toBeNull();
    const after = await userRow(person.userId);
    expect(after).toMatchObject({
      status: 'deactivated',
      deactivationReason: 'moved away',
      passwordHash: user.passwordHash,
      email: user.email,
      name: user.name,
    });
    const db = await getDb();
    const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
    expect(session?.endReason).toBe('deactivated');

    expect(await deactivateAccount({ account: { email: person.email }, actor: OPERATOR })).toEqual({
      ok: false,
      code: 'already_deactivated',
    });
    const back = await reactivateAccount({ account: { email: person.email }, actor: OPERATOR });
    expect(back).toMatchObject({ ok: true, status: 'active' });
    expect((await userRow(person.userId)).passwordHash).toBe(user.passwordHash);
  });

  it('voids the welcome link of an invited person and gives a new one on reactivation', async () => {
    const person = await invited();
    await deactivateAccount({ account: { email: person.email }, actor: OPERATOR });
    expect((await inspectLink(await getDb(), person.token)).state).toBe('superseded');
    const back = await reactivateAccount({ account: { email: person.email }, actor: OPERATOR });
    expect(back).toMatchObject({ ok: true, status: 'invited' });
    if (!back.ok || !back.welcomeUrl) throw new Error('expected a new link');
    expect((await inspectLink(await getDb(), tokenOf(back.welcomeUrl))).state).toBe('valid');
  });

  it('answers not_found for unknown emails', async () => {
    expect(await deactivateAccount({ account: { email: uniqueEmail('nobody') }, actor: OPERATOR })).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await reactivateAccount({ account: { email: uniqueEmail('nobody') }, actor: OPERATOR })).toEqual({
      ok: false,
      code: 'not_found',
    });
  });
});
