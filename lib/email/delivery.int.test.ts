import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { invited, GOOD_PASSWORD, tokenOf } from '@/lib/test/factories';
import { activateAccountWithLink } from '@/lib/accounts/activate-account';
import { resendWelcome } from '@/lib/accounts/resend-welcome';
import { OPERATOR } from '@/lib/accounts/actor';
import { inspectLink } from '@/lib/links/inspect-link';
import { hashToken } from '@/lib/security/tokens';
import { backoffSeconds, deliverDueEmails } from './worker';

const smtp = startSmtpSink({ beforeAll, afterAll });
const { sink } = smtp;
/** Runs sweeps until nothing is due (what the background worker does). */
const drain = smtp.deliver;

async function outboxOf(userId: string) {
  const db = await getDb();
  return db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId));
}

describe('email delivery', () => {
  it('delivers the welcome email over SMTP with both parts, and its link works once', async () => {
    const person = await invited('client');
    const [queued] = await outboxOf(person.userId);
    expect(queued).toMatchObject({ status: 'queued', template: 'welcome', toAddress: person.email });
    // The raw token is not readable in the outbox row.
    expect(JSON.stringify(queued)).not.toContain(person.token);
    await drain();

    const [mail] = sink.to(person.email);
    expect(mail?.subject).toContain('Gatehouse test');
    expect(mail?.html).toContain(`http://localhost:3999/welcome?token=${person.token}`);
    expect(mail?.text).toContain(`http://localhost:3999/welcome?token=${person.token}`);
    expect(mail?.text).toContain('7 days');
    expect(mail?.text).toContain('http://localhost:3999');

    const [sent] = await outboxOf(person.userId);
    expect(sent).toMatchObject({ status: 'sent', transport: 'smtp', payload: null, attempts: 1 });
    expect(sent?.sentAt).toBeInstanceOf(Date);

    const linkInMail = tokenOf(
      /http:\/\/localhost:3999\/welcome\?token=[A-Za-z0-9_-]+/.exec(mail!.text!)![0],
    );
    expect((await activateAccountWithLink({ token: linkInMail, password: GOOD_PASSWORD })).ok).toBe(true);
    expect((await activateAccountWithLink({ token: linkInMail, password: GOOD_PASSWORD })).ok).toBe(false);
  });

  it('a resent welcome email carries a new link and the old one stops working at once', async () => {
    const person = await invited('client');
    const again = await resendWelcome({ userId: person.userId, actor: OPERATOR });
    expect(again.ok).toBe(true);
    const db = await getDb();
    expect((await inspectLink(db, person.token)).state).toBe('superseded');
    if (again.ok) expect((await inspectLink(db, tokenOf(again.welcomeUrl))).state).toBe('valid');
    await drain();
    const mails = sink.to(person.email);
    expect(mails).toHaveLength(2);
    if (again.ok) {
      expect(mails.filter((m) => m.text?.includes(again.welcomeUrl))).toHaveLength(1);
      expect(mails.filter((m) => m.text?.includes(person.token))).toHaveLength(1);
    }
  });

  it('loses nothing while the SMTP server is down: every email arrives exactly once after it returns', async () => {
    const port = sink.port;
    await sink.stop();
    const people = await Promise.all(Array.from({ length: 5 }, () => invited('client')));
    await drain();
    for (const p of people) {
      const [row] = await outboxOf(p.userId);
      expect(row).toMatchObject({ status: 'retrying', attempts: 1 });
      expect(row?.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    }
    await sink.start(port);
    // Bring the retry time forward instead of waiting a minute.
    const db = await getDb();
    await db
      .update(emailOutbox)
      .set({ nextAttemptAt: sql`now()` })
      .where(
        inArray(
          emailOutbox.userId,
          people.map((p) => p.userId),
        ),
      );
    await drain();
    await drain();
    for (const p of people) {
      expect(sink.to(p.email)).toHaveLength(1);
      expect((await outboxOf(p.userId))[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    }
  });

  it('two workers on the same outbox never send a row twice', async () => {
    const people = await Promise.all(Array.from({ length: 12 }, () => invited('client')));
    const db = await getDb();
    await Promise.all([
      deliverDueEmails(db, smtp.transport(), 5),
      deliverDueEmails(db, smtp.transport(), 5),
      deliverDueEmails(db, smtp.transport(), 5),
    ]);
    await Promise.all([drain(), drain()]);
    for (const p of people) expect(sink.to(p.email)).toHaveLength(1);
  });

  it('backs off from 1 minute up to 1 hour and gives up after 24 hours', async () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffSeconds(n))).toEqual([
      60, 120, 240, 480, 960, 1920, 3600, 3600, 3600,
    ]);
    const port = sink.port;
    await sink.stop();
    const person = await invited('client');
    const db = await getDb();
    await db
      .update(emailOutbox)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(emailOutbox.userId, person.userId));
    await drain();
    const [row] = await outboxOf(person.userId);
    expect(row?.status).toBe('failed');
    await sink.start(port);
    await drain();
    expect(sink.to(person.email)).toHaveLength(0);
  });

  it('stores only the sha256 of tokens anywhere in the database', async () => {
    const person = await invited('client');
    const db = await getDb();
    const dump = JSON.stringify(
      await db.execute(
        sql`select row_to_json(t) from one_time_tokens t union all select row_to_json(e) from email_outbox e`,
      ),
    );
    expect(dump).not.toContain(person.token);
    expect(dump).toContain(hashToken(person.token));
  });
});
