/**
 * Bounces after acceptance (issue 30): emails go out over a real SMTP conversation with their
 * own envelope sender (VERP); delivery status notifications for them are put in a real IMAP
 * mailbox (Dovecot, started by this file) and read by the bounce reader.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // Before any lib module reads the environment: emails carry a VERP envelope sender.
  process.env.EMAIL_BOUNCE_ADDRESS = 'bounces@care.example.org';
});

import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { getDb } from '@/lib/db/client';
import { emailOutbox } from '@/lib/db/schema';
import { startSmtpSink } from '@/lib/test/smtp-sink';
import { startDovecot, type Dovecot } from '@/lib/test/dovecot';
import { dsnMessage } from '@/lib/test/dsn';
import { invited } from '@/lib/test/factories';
import { metrics } from '@/lib/observability/metrics';
import { bounceAddressFor, messageIdFor } from '@/lib/email/sender';
import { MAX_REPORT_BYTES, SKIPPED_FOLDER, readBounces } from './read-bounces';
import { runBounceReader } from './run-bounce-reader';

const smtp = startSmtpSink({ beforeAll, afterAll });
let dovecot: Dovecot;
let imap: ImapFlow;

beforeAll(async () => {
  dovecot = await startDovecot();
  imap = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await imap.connect();
  await imap.mailboxCreate(SKIPPED_FOLDER);
  // The first email rendered in a process takes many seconds (templates load); here, under the
  // hook's longer timeout, not in the first test's.
  await invited('client');
  await smtp.deliver();
});

afterAll(async () => {
  await imap?.logout().catch(() => {});
  await dovecot?.stop();
});

/** An invited person whose welcome email went out: its outbox row and the envelope sender it went with. */
async function sentWelcome() {
  const person = await invited('client');
  await smtp.deliver();
  const db = await getDb();
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, person.userId));
  const received = smtp.sink.received.find((r) => r.rcptTo.includes(person.email));
  if (!row || !received) throw new Error('welcome email not delivered');
  expect(row.status).toBe('sent');
  return { person, row, envelopeFrom: received.mailFrom };
}

async function rowOf(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row!;
}

async function put(message: string | Buffer, folder = 'INBOX') {
  await imap.append(folder, message);
}

async function countIn(folder: string): Promise<number> {
  const status = await imap.status(folder, { messages: true });
  return status ? (status.messages ?? 0) : 0;
}

async function bouncedCount(): Promise<number> {
  const counter = await metrics().deliveries.get();
  return counter.values.find((v) => v.labels.outcome === 'bounced')?.value ?? 0;
}

describe('reading the bounce mailbox', () => {
  it('a report for one of our emails marks that email bounced, with the status and the reply; nothing else changes', async () => {
    const bounced = await sentWelcome();
    const other = await sentWelcome();
    expect(bounced.envelopeFrom).toBe(bounceAddressFor(bounced.row.id));
    await put(
      dsnMessage({
        to: bounced.envelopeFrom,
        finalRecipient: bounced.person.email,
        originalMessageId: messageIdFor(bounced.row.id),
      }),
    );
    const before = await bouncedCount();
    const reading = await readBounces(await getDb(), dovecot.url);
    expect(reading).toEqual({ bounced: 1, ignored: 0, skipped: {} });
    const row = await rowOf(bounced.row.id);
    expect(row).toMatchObject({ status: 'bounced', attempts: 1 });
    expect(row.lastError).toBe(
      `550 5.1.1 <${bounced.person.email}>: Recipient address rejected: User unknown in virtual mailbox table`,
    );
    expect(row.refusedAt).toBeInstanceOf(Date);
    expect(await rowOf(other.row.id)).toMatchObject({ status: 'sent', refusedAt: null, lastError: null });
    expect(await bouncedCount()).toBe(before + 1);
    // Read and done: the report left the mailbox, so the next reading has nothing to do.
    expect(await countIn('INBOX')).toBe(0);
    expect(await readBounces(await getDb(), dovecot.url)).toEqual({ bounced: 0, ignored: 0, skipped: {} });
  });

  it('a report without the returned message (only the envelope sender) is enough; a status without a reply is kept as the status', async () => {
    const { row, envelopeFrom, person } = await sentWelcome();
    const message = dsnMessage({ to: envelopeFrom, finalRecipient: person.email, status: '5.2.2' }).replace(
      /Diagnostic-Code:[^\r]*\r\n[ \t][^\r]*\r\n/,
      '',
    );
    await put(message);
    expect((await readBounces(await getDb(), dovecot.url)).bounced).toBe(1);
    expect(await rowOf(row.id)).toMatchObject({ status: 'bounced', lastError: '5.2.2' });
  });

  it('bad input is logged and moved aside, never a crash, and marks nothing: broken, unknown, forged, oversized, not a report', async () => {
    const good = await sentWelcome();
    const untouched = await sentWelcome();
    const skippedBefore = await countIn(SKIPPED_FOLDER);
    // A report that says multipart/report but holds garbage.
    await put(
      'From: MAILER-DAEMON@mx.example.net\r\nTo: bounces@care.example.org\r\nSubject: Undelivered\r\n' +
        'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="x"\r\n\r\n' +
        '--x\r\nContent-Type: message/delivery-status\r\n\r\n\u0000\u0001 not: fields\r\n--x',
    );
    // A well-formed report for an email that does not exist (a correct check: made with our key).
    await put(dsnMessage({ to: bounceAddressFor(randomUUID())!, finalRecipient: 'x@example.net' }));
    // A forged one: the untouched email's id with a made-up check.
    const forged = bounceAddressFor(untouched.row.id)!.replace(/[0-9a-f]{8}@/, '00000000@');
    await put(dsnMessage({ to: forged, finalRecipient: untouched.person.email }));
    // Addressed right, but its returned message is another email.
    await put(
      dsnMessage({
        to: untouched.envelopeFrom,
        finalRecipient: untouched.person.email,
        originalMessageId: messageIdFor(good.row.id),
      }),
    );
    // Too large to download: a real report with a big returned message.
    const big = dsnMessage({
      to: untouched.envelopeFrom,
      finalRecipient: untouched.person.email,
      returned: 'message',
    });
    await put(
      big.replace(
        'Choose your password: (link)',
        'x'
          .repeat(76)
          .concat('\r\n')
          .repeat(MAX_REPORT_BYTES / 70),
      ),
    );
    // An out-of-office reply to the bounce address.
    await put(
      'From: anna@example.net\r\nTo: bounces@care.example.org\r\nSubject: Out of office\r\n\r\nBack Monday.\r\n',
    );
    // And among them, one good report, which is read.
    await put(dsnMessage({ to: good.envelopeFrom, finalRecipient: good.person.email }));

    const reading = await readBounces(await getDb(), dovecot.url);
    expect(reading).toEqual({
      bounced: 1,
      ignored: 0,
      skipped: { 'not-a-report': 2, 'unknown-email': 2, 'mismatched-message-id': 1, oversized: 1 },
    });
    expect((await rowOf(good.row.id)).status).toBe('bounced');
    expect(await rowOf(untouched.row.id)).toMatchObject({ status: 'sent', refusedAt: null, lastError: null });
    // None is read again: the mailbox is empty, the six wait in the folder for a person.
    expect(await countIn('INBOX')).toBe(0);
    expect(await countIn(SKIPPED_FOLDER)).toBe(skippedBefore + 6);
    expect(await readBounces(await getDb(), dovecot.url)).toEqual({ bounced: 0, ignored: 0, skipped: {} });
  });

  it('a delay notice and a repeated report change nothing and are deleted', async () => {
    const { row, envelopeFrom, person } = await sentWelcome();
    await put(
      dsnMessage({ to: envelopeFrom, finalRecipient: person.email, action: 'delayed', status: '4.4.1' }),
    );
    expect(await readBounces(await getDb(), dovecot.url)).toEqual({ bounced: 0, ignored: 1, skipped: {} });
    expect((await rowOf(row.id)).status).toBe('sent');
    await put(dsnMessage({ to: envelopeFrom, finalRecipient: person.email }));
    await put(dsnMessage({ to: envelopeFrom, finalRecipient: person.email, status: '5.2.1' }));
    expect(await readBounces(await getDb(), dovecot.url)).toEqual({ bounced: 1, ignored: 1, skipped: {} });
    // The first report stands.
    expect((await rowOf(row.id)).lastError).toContain('5.1.1');
    expect(await countIn('INBOX')).toBe(0);
  });

  it('two readers at once (two app instances) mark each email once', async () => {
    const emails = [await sentWelcome(), await sentWelcome(), await sentWelcome()];
    for (const e of emails) await put(dsnMessage({ to: e.envelopeFrom, finalRecipient: e.person.email }));
    const before = await bouncedCount();
    const db = await getDb();
    const readings = await Promise.all([readBounces(db, dovecot.url), readBounces(db, dovecot.url)]);
    expect(readings.reduce((n, r) => n + r.bounced, 0)).toBe(3);
    expect(await bouncedCount()).toBe(before + 3);
    for (const e of emails) expect((await rowOf(e.row.id)).status).toBe('bounced');
    expect(await countIn('INBOX')).toBe(0);
  });

  it('a mailbox that cannot be reached is an error for the caller, not a crash', async () => {
    const wrong = dovecot.url.replace(/:[^:@]+@/, ':wrong-password@');
    await expect(readBounces(await getDb(), wrong)).rejects.toThrow();
  });
});

describe('the bounce reader on its timer', () => {
  it('reads the mailbox every interval; a failing reading is reported and the next one tried', async () => {
    const { row, envelopeFrom, person } = await sentWelcome();
    const errors: unknown[] = [];
    const wrong = runBounceReader(getDb, dovecot.url.replace(/:[^:@]+@/, ':wrong-password@'), 1, (e) =>
      errors.push(e),
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await put(
      'From: anna@example.net\r\nTo: bounces@care.example.org\r\nSubject: Out of office\r\n\r\nBack Monday.\r\n',
    );
    await put(dsnMessage({ to: envelopeFrom, finalRecipient: person.email }));
    const reader = runBounceReader(getDb, dovecot.url, 1, (e) => errors.push(e));
    try {
      await expect.poll(async () => (await rowOf(row.id)).status, { timeout: 10_000 }).toBe('bounced');
      // What was skipped is said on the console too (the JSON log lines are off by default).
      // (Said once the reading ends, after the marking: waited for, not assumed.)
      await expect
        .poll(() => warn.mock.calls.map((c) => c[0]), { timeout: 10_000 })
        .toContain(`[email] bounce mailbox: 1 not-a-report; moved to ${SKIPPED_FOLDER}`);
      await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all([wrong.stop(), reader.stop()]);
      warn.mockRestore();
    }
  });
});
