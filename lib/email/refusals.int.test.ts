/**
 * Permanent refusals are news, not retries (issue 30): against a real SMTP conversation, a
 * 5xx to RCPT TO or to the message marks the email rejected after one attempt, with the
 * server's reply; a 4xx keeps the backoff; a 5xx about our own sender is retried too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { invited } from '@/lib/test/factories';
import { metrics } from '@/lib/observability/metrics';
import { OPERATOR } from '@/lib/accounts/actor';
import { changeEmail } from '@/lib/accounts/change-email';
import { getAccountOverview } from '@/lib/accounts/get-account-overview';
import { searchAccounts, searchQuerySchema } from '@/lib/accounts/search-accounts';
import { createAccount } from '@/lib/accounts/create-account';
import { emailRefusals } from '@/lib/dashboard/email-refusals';
import { scrape } from '@/lib/observability/scrape';
import { randomBytes } from 'node:crypto';
import { recentRefusals } from '@/lib/email/recent-refusals';
import { active } from '@/lib/test/factories';
import { getImportProgress } from '@/lib/accounts/import/get-import-progress';
import type { Batch } from '@/lib/accounts/import/batch';
import { markEmailBounced } from '@/lib/email/bounces/mark-email-bounced';

const smtp = startSmtpSink({ beforeAll, afterAll });
const { sink } = smtp;

async function outboxOf(userId: string) {
  const db = await getDb();
  return db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId));
}

async function rejectedCount(): Promise<number> {
  const counter = await metrics().deliveries.get();
  return counter.values.find((v) => v.labels.outcome === 'rejected')?.value ?? 0;
}

describe('a recipient the receiving server refuses', () => {
  it('550 at RCPT TO: rejected after one attempt, with the reply, the link gone from the outbox, not retried', async () => {
    const person = await invited('client');
    const reply = `550 5.1.1 <${person.email}>: Recipient address rejected: User unknown in virtual mailbox table`;
    sink.refuse(person.email, { code: 550, message: reply.slice(4) });
    const before = await rejectedCount();
    await smtp.deliver();
    const [row] = await outboxOf(person.userId);
    expect(row).toMatchObject({
      status: 'rejected',
      attempts: 1,
      payload: null,
      lockedUntil: null,
      claimToken: null,
    });
    expect(row?.lastError).toBe(reply);
    expect(row?.refusedAt).toBeInstanceOf(Date);
    expect(row?.subject).toContain('Gatehouse test');
    expect(await rejectedCount()).toBe(before + 1);
    // Nothing is due any more: a later sweep leaves it alone.
    await smtp.deliver();
    expect((await outboxOf(person.userId))[0]).toMatchObject({ status: 'rejected', attempts: 1 });
    expect(sink.to(person.email)).toHaveLength(0);
  });

  it('554 after the message (DATA): rejected the same way', async () => {
    const person = await invited('client');
    sink.refuse(person.email, { code: 554, message: '5.7.1 Message refused by policy', at: 'data' });
    await smtp.deliver();
    const [row] = await outboxOf(person.userId);
    expect(row).toMatchObject({ status: 'rejected', attempts: 1 });
    expect(row?.lastError).toBe('554 5.7.1 Message refused by policy');
  });

  it.each([
    [451, '4.3.0 Temporary lookup failure, try again later'],
    [421, '4.7.0 Too many connections, slow down'],
    [450, '4.2.1 Mailbox busy'],
  ])(
    '%i at RCPT TO: kept for a retry with backoff, and delivered once the server takes it',
    async (code, text) => {
      const person = await invited('client');
      sink.refuse(person.email, { code, message: text });
      await smtp.deliver();
      const [row] = await outboxOf(person.userId);
      expect(row).toMatchObject({ status: 'retrying', attempts: 1, refusedAt: null });
      expect(row?.lastError).toContain(String(code));
      expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
      expect(row?.payload).not.toBeNull();
      // The server takes it again; the retry time is brought forward instead of waited for.
      sink.refusals.delete(person.email);
      const db = await getDb();
      await db.update(emailOutbox).set({ nextAttemptAt: new Date() }).where(eq(emailOutbox.id, row!.id));
      await smtp.deliver();
      expect((await outboxOf(person.userId))[0]).toMatchObject({ status: 'sent', attempts: 2 });
      expect(sink.to(person.email)).toHaveLength(1);
    },
  );

  it('a refusal of one recipient leaves the others in the same sweep alone', async () => {
    const [typo, fine] = await Promise.all([invited('client'), invited('client')]);
    sink.refuse(typo.email, { code: 550, message: '5.1.1 No such user' });
    await smtp.deliver();
    expect((await outboxOf(typo.userId))[0]?.status).toBe('rejected');
    expect((await outboxOf(fine.userId))[0]?.status).toBe('sent');
    expect(sink.to(fine.email)).toHaveLength(1);
  });
});

describe('after the refusal: staff see it, correct the address, and a new welcome link goes out', () => {
  it('the overview explains the refusal; correcting the address sends a working welcome link and clears it', async () => {
    const person = await invited('client');
    sink.refuse(person.email, { code: 550, message: `5.1.1 <${person.email}>: Recipient address rejected` });
    await smtp.deliver();
    const before = await getAccountOverview(person.userId, OPERATOR);
    expect(before?.emailRefusal).toMatchObject({
      status: 'rejected',
      kind: 'no-such-address',
      reply: `550 5.1.1 <${person.email}>: Recipient address rejected`,
    });
    expect(before?.emailRefusal?.at).toBeInstanceOf(Date);
    // The account list marks it too (and only it).
    const listed = async (q: string) =>
      (await searchAccounts(searchQuerySchema.parse({ q }), OPERATOR)).rows.map((r) => [
        r.email,
        r.emailRefused,
      ]);
    const fine = await invited('client');
    await smtp.deliver();
    expect(await listed(person.email)).toEqual([[person.email, true]]);
    expect(await listed(fine.email)).toEqual([[fine.email, false]]);

    const corrected = `fixed.${person.email}`;
    expect(await changeEmail({ userId: person.userId, newEmail: corrected, actor: OPERATOR })).toEqual({
      ok: true,
      pending: false,
    });
    await smtp.deliver();
    const [welcome] = sink.to(corrected);
    expect(welcome?.subject).toContain('Gatehouse test');
    const link = /https?:\/\/\S+\/welcome\S*/.exec(welcome?.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(new URL(link!).searchParams.get('token')).not.toBe(person.token);
    const after = await getAccountOverview(person.userId, OPERATOR);
    expect(after?.emailRefusal).toBeNull();
    expect(await listed(corrected)).toEqual([[corrected, false]]);
    expect(after?.emails.find((e) => e.toAddress === corrected && e.template === 'welcome')?.status).toBe(
      'sent',
    );
  });
});

describe("the console's live notice", () => {
  it('tells the staff member who made the account, from the moment asked, and nobody else', async () => {
    const manager = await active('application_manager');
    const other = await active('application_manager');
    const actor = {
      kind: 'user' as const,
      id: manager.userId,
      role: 'application_manager' as const,
      name: 'M',
    };
    const pageOpened = new Date(Date.now() - 1000);
    const email = `typo.${randomBytes(4).toString('hex')}@exmaple.org`;
    const made = await createAccount({ email, name: 'Tess Typo', role: 'client', actor });
    if (!made.ok) throw new Error(made.code);
    sink.refuse(email, { code: 550, message: '5.1.1 User unknown' });
    expect(await recentRefusals(manager.userId, pageOpened)).toEqual([]);
    await smtp.deliver();
    const [seen, ...more] = await recentRefusals(manager.userId, pageOpened);
    expect(more).toEqual([]);
    expect(seen).toMatchObject({
      userId: made.userId,
      name: 'Tess Typo',
      email,
      status: 'rejected',
      kind: 'no-such-address',
    });
    expect(await recentRefusals(other.userId, pageOpened)).toEqual([]);
    // The next poll asks from the last one it saw: nothing new.
    expect(await recentRefusals(manager.userId, new Date(seen!.refusedAt))).toEqual([]);
  });
});

describe("an import's progress", () => {
  it('counts a refused or bounced welcome email as failed, so the progress ends instead of waiting for it', async () => {
    const [refused, bounced, fine] = [
      await invited('client'),
      await invited('client'),
      await invited('client'),
    ];
    sink.refuse(refused.email, { code: 550, message: '5.1.1 No such user' });
    await smtp.deliver();
    const [bouncedRow] = await outboxOf(bounced.userId);
    expect(await markEmailBounced(await getDb(), bouncedRow!.id, '5.1.1 user unknown')).toBe('bounced');
    const batch = {
      status: 'done',
      results: [refused, bounced, fine].map((p, i) => ({
        line: i + 2,
        outcome: 'created',
        userId: p.userId,
      })),
    } as unknown as Batch;
    expect(await getImportProgress(batch)).toMatchObject({ total: 3, waiting: 0, sent: 1, failed: 2 });
  });
});

describe('mail health by receiving domain', () => {
  it('the dashboard and /metrics count refusals per receiving domain, so one blocking domain stands out', async () => {
    const domain = `blocking-${randomBytes(4).toString('hex')}.example`;
    const addresses = ['a', 'b', 'c'].map((l) => `${l}.${randomBytes(3).toString('hex')}@${domain}`);
    for (const [i, email] of addresses.entries()) {
      const made = await createAccount({ email, name: `Blocked ${i}`, role: 'client', actor: OPERATOR });
      expect(made.ok).toBe(true);
      sink.refuse(email, {
        code: 554,
        message: '5.7.1 Service unavailable; client host blocked using a blocklist',
      });
    }
    await smtp.deliver();
    const dashboard = await emailRefusals({ counselorId: null });
    expect(dashboard.byDomain).toContainEqual({ domain, rejected: 3, bounced: 0 });
    expect(dashboard.recent.filter((r) => r.toAddress.endsWith(`@${domain}`))).toHaveLength(3);
    expect(dashboard.recent.find((r) => r.toAddress === addresses[0])).toMatchObject({
      status: 'rejected',
      kind: 'blocked',
      name: 'Blocked 0',
    });
    // A counselor sees only their own clients: none of these.
    const counselorScope = await emailRefusals({ counselorId: randomUUIDLike() });
    expect(counselorScope.byDomain.find((d) => d.domain === domain)).toBeUndefined();
    const { body } = await scrape();
    expect(body).toContain(`gatehouse_emails_refused_24h{domain="${domain}",status="rejected"} 3`);
    expect(body).toContain(`gatehouse_emails_refused_24h{domain="${domain}",status="bounced"} 0`);
  });
});

function randomUUIDLike(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
}
