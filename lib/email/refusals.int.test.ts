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
    expect(after?.emails.find((e) => e.toAddress === corrected && e.template === 'welcome')?.status).toBe(
      'sent',
    );
  });
});
