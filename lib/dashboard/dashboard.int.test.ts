/**
 * The dashboard's figures against rows this test makes. A counselor's scope holds only the
 * clients made here, so its figures are exact; everyone's figures are checked as before and
 * after (other test files share the database).
 */
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, emailOutbox, oneTimeTokens, signInThrottle } from '@/lib/db/schema';
import { createAccount } from '@/lib/accounts/create-account';
import { activateAccountWithLink } from '@/lib/accounts/activate-account';
import type { Actor } from '@/lib/accounts/actor';
import { recordAudit } from '@/lib/audit/record';
import { env } from '@/lib/env';
import { GOOD_PASSWORD, invited, tokenOf, uniqueEmail } from '@/lib/test/factories';
import { emailHealth } from './email-health';
import { expiredInvitations, expiringInvitations, invitationWeeks } from './invitations';
import { dashboardScope } from './scope';
import { signInTrouble } from './sign-ins';
import { resendExpiredInvitations } from './resend-expired';
import { dayStarts, weekStarts } from './windows';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function counselorWithClients(n: number) {
  const counselor = await invited('counselor');
  const actor: Actor = { kind: 'user', id: counselor.userId, role: 'counselor', name: 'Test counselor' };
  const clients = [];
  for (let i = 0; i < n; i++) {
    const email = uniqueEmail('dash');
    const made = await createAccount({ email, name: `Dash client ${i}`, role: 'client', actor });
    if (!made.ok) throw new Error(made.code);
    clients.push({ email, userId: made.userId, token: tokenOf(made.welcomeUrl) });
  }
  return { actor, scope: dashboardScope(actor)!, clients };
}

/** Moves a welcome link's expiry (an interval from now, e.g. '-1 day' or '30 hours'). */
async function setExpiry(userId: string, interval: string) {
  const db = await getDb();
  await db
    .update(oneTimeTokens)
    .set({ expiresAt: sql`now() + ${interval}::interval` })
    .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, 'welcome')));
}

describe('dashboard figures', () => {
  it('windows: 8 Monday-started weeks and 14 days, both ending with today', () => {
    const now = new Date('2026-11-27T10:00:00Z'); // a Friday
    const weeks = weekStarts(now, 8);
    expect(weeks).toHaveLength(8);
    expect(weeks[7]!.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(weeks[0]!.toISOString()).toBe('2026-10-05T00:00:00.000Z');
    const days = dayStarts(now, 14);
    expect(days[13]!.toISOString()).toBe('2026-11-27T00:00:00.000Z');
  });

  it('only staff have a scope; a counselor only their own clients', () => {
    expect(dashboardScope({ kind: 'user', id: 'x', role: 'client', name: 'c' })).toBeNull();
    expect(dashboardScope({ kind: 'self_service', userId: 'x' })).toBeNull();
    expect(dashboardScope({ kind: 'user', id: 'h', role: 'helpdesk', name: 'h' })).toEqual({
      counselorId: null,
    });
    expect(dashboardScope({ kind: 'user', id: 'c', role: 'counselor', name: 'c' })).toEqual({
      counselorId: 'c',
    });
  });

  it('invitations sent, activated and expired this week, the activation rate, and what is due', async () => {
    const { scope, clients } = await counselorWithClients(4);
    const [a, b, c, d] = clients as [
      (typeof clients)[number],
      (typeof clients)[number],
      (typeof clients)[number],
      (typeof clients)[number],
    ];
    await activateAccountWithLink({ token: a.token, password: GOOD_PASSWORD });
    await setExpiry(b.userId, '-1 hour'); // expired, unused
    await setExpiry(c.userId, '30 hours'); // expires within 48 hours

    const weeks = await invitationWeeks(scope);
    expect(weeks.sent.at(-1)).toBe(4);
    expect(sum(weeks.sent)).toBe(4);
    expect(weeks.activated.at(-1)).toBe(1);
    expect(sum(weeks.expired)).toBe(1);
    expect(weeks.activationRate).toBe(0.5);

    const expiring = await expiringInvitations(scope);
    expect(expiring.total).toBe(1);
    expect(expiring.rows.map((r) => r.userId)).toEqual([c.userId]);
    const expired = await expiredInvitations(scope);
    expect(expired.total).toBe(1);
    expect(expired.rows.map((r) => r.email)).toEqual([b.email]);
    // d is open for 7 days: in neither list.
    expect([...expiring.rows, ...expired.rows].map((r) => r.userId)).not.toContain(d.userId);

    // Everyone's figures include this counselor's.
    const all = await invitationWeeks({ counselorId: null });
    expect(sum(all.sent)).toBeGreaterThanOrEqual(5);
  });

  it('failed sign-ins per day, throttled and blocked now, for the scope only', async () => {
    const { scope, clients } = await counselorWithClients(3);
    const db = await getDb();
    for (const client of clients.slice(0, 2))
      await recordAudit(db, {
        action: 'sign_in.failed',
        targetId: client.userId,
        details: { reason: 'wrong_password' },
      });
    await recordAudit(db, { action: 'sign_in.failed', targetId: clients[0]!.userId, details: {} });
    await db.insert(signInThrottle).values([
      { email: clients[0]!.email, failures: 6, nextAttemptAt: sql`now() + interval '5 minutes'` },
      { email: clients[1]!.email, failures: env.SIGNIN_ACCOUNT_BLOCK_AFTER },
      { email: clients[2]!.email, failures: 2, nextAttemptAt: sql`now() - interval '1 minute'` },
      // Someone else's: not in this scope.
      { email: uniqueEmail('other'), failures: env.SIGNIN_ACCOUNT_BLOCK_AFTER },
    ]);
    const trouble = await signInTrouble(scope);
    expect(trouble.failed).toHaveLength(14);
    expect(trouble.failed.at(-1)).toBe(3);
    expect(sum(trouble.failed)).toBe(3);
    expect(trouble.throttled).toBe(1);
    expect(trouble.blocked).toBe(1);
    expect((await signInTrouble({ counselorId: null })).blocked).toBeGreaterThanOrEqual(2);
  });

  it('email health: queued, retrying, failed this week and the oldest waiting', async () => {
    const { scope, clients } = await counselorWithClients(3);
    const db = await getDb();
    // Each client's welcome email is queued (no worker runs here); make one retrying and one failed.
    await db
      .update(emailOutbox)
      .set({ status: 'retrying', attempts: 2 })
      .where(eq(emailOutbox.userId, clients[1]!.userId));
    await db
      .update(emailOutbox)
      .set({ status: 'failed', attempts: 9 })
      .where(eq(emailOutbox.userId, clients[2]!.userId));
    await db
      .update(emailOutbox)
      .set({ createdAt: sql`now() - interval '2 hours'` })
      .where(eq(emailOutbox.userId, clients[0]!.userId));
    const health = await emailHealth(scope);
    expect(health).toMatchObject({ queued: 1, retrying: 1, failed: 1 });
    const age = Date.now() - health.oldestWaitingSince!.getTime();
    expect(age).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(age).toBeLessThan(2 * 3600_000 + 60_000);
  });

  it('"resend all" sends a fresh link to each expired invitation in scope, audited; the limit holds under a parallel burst', async () => {
    const { actor, scope, clients } = await counselorWithClients(3);
    await setExpiry(clients[0]!.userId, '-2 days');
    await setExpiry(clients[1]!.userId, '-1 hour');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => resendExpiredInvitations({ actor, ip: '192.0.2.9' })),
    );
    const allowed = results.filter((r) => r.ok);
    expect(allowed).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.code === 'rate_limited')).toHaveLength(5);
    // Each expired invitation was resent exactly once, whichever run got to it.
    expect(sum(allowed.map((r) => (r.ok ? r.resent : 0)))).toBe(2);
    expect((await expiredInvitations(scope)).total).toBe(0);
    const db = await getDb();
    const resent = await db
      .select({ targetId: auditEvents.targetId })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'welcome.resent'),
          eq(auditEvents.actorId, actor.kind === 'user' ? actor.id : ''),
        ),
      );
    expect(resent.map((r) => r.targetId).sort()).toEqual([clients[0]!.userId, clients[1]!.userId].sort());
    const runs = await db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'welcome.bulk_resent'),
          eq(auditEvents.actorId, actor.kind === 'user' ? actor.id : ''),
        ),
      );
    expect(runs).toHaveLength(3);
    // A client is not staff: no dashboard, no resend.
    const client: Actor = { kind: 'user', id: clients[2]!.userId, role: 'client', name: 'c' };
    expect(await resendExpiredInvitations({ actor: client })).toEqual({ ok: false, code: 'not_allowed' });
  });
});
