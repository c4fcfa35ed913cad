import { describe, expect, it } from 'vitest';
import { classifySendError, refusalKind } from './smtp-refusal';

/** An error shaped as nodemailer's SMTP connection makes them. */
function smtpError(command: string, response: string, code = 'EENVELOPE') {
  return Object.assign(new Error(`Failed: ${response}`), {
    code,
    command,
    response,
    responseCode: Number(response.slice(0, 3)),
  });
}

describe('classifySendError', () => {
  it.each([
    ['RCPT TO', '550 5.1.1 <anna@gmial.com>: Recipient address rejected: User unknown'],
    ['RCPT TO', '553 5.1.3 Bad recipient address syntax'],
    ['DATA', '554 5.7.1 Message rejected as spam'],
    ['DATA', '552 5.3.4 Message size exceeds fixed limit'],
  ])('a 5xx to %s is a permanent refusal, with the reply kept', (command, response) => {
    expect(classifySendError(smtpError(command, response))).toEqual({ permanent: true, reply: response });
  });

  it.each([
    ['RCPT TO', '450 4.2.0 Mailbox busy'],
    ['RCPT TO', '451 4.3.0 Try again later'],
    ['DATA', '421 4.7.0 Too many connections'],
    ['MAIL FROM', '553 5.7.1 Sender address rejected: not owned by user'],
    ['AUTH PLAIN', '535 5.7.8 Authentication credentials invalid'],
    ['CONN', '554 5.3.2 No SMTP service here'],
  ])('a %s answer %s is retried (temporary, or about our own relay)', (command, response) => {
    expect(classifySendError(smtpError(command, response)).permanent).toBe(false);
  });

  it('retries a dropped connection or a thrown error, keeping what it said', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' });
    expect(classifySendError(refused)).toEqual({
      permanent: false,
      reply: 'ESOCKET connect ECONNREFUSED 127.0.0.1:25',
    });
    expect(classifySendError(new Error('payload missing')).reply).toBe('payload missing');
    expect(classifySendError(undefined)).toEqual({ permanent: false, reply: 'unknown error' });
  });

  it('keeps a reply to 500 characters on one line', () => {
    const long = smtpError('RCPT TO', `550 5.1.1 ${'x'.repeat(800)}\r\n  more`);
    const { reply } = classifySendError(long);
    expect(reply).toHaveLength(500);
    expect(reply).not.toMatch(/[\r\n]/);
  });
});

describe('refusalKind', () => {
  it.each([
    [
      '550 5.1.1 <anna@gmial.com>: Recipient address rejected: User unknown in virtual mailbox table',
      'no-such-address',
    ],
    ['550 No such user here', 'no-such-address'],
    ['5.1.1 (bad destination mailbox address)', 'no-such-address'],
    ['550 5.1.2 Host unknown: Domain name not found', 'no-such-domain'],
    ['5.1.10 Recipient address has null MX', 'no-such-domain'],
    ['5.4.4 Unable to route: no mail hosts for domain', 'no-such-domain'],
    ['552 5.2.2 Mailbox full', 'mailbox-full'],
    ['550 Quota exceeded', 'mailbox-full'],
    ['554 5.7.1 Service unavailable; client host blocked using a blocklist', 'blocked'],
    ['550 5.7.26 Unauthenticated email is not accepted due to DMARC policy', 'blocked'],
    ['554 Transaction failed', 'other'],
    [null, 'other'],
  ])('%s -> %s', (reply, kind) => {
    expect(refusalKind(reply)).toBe(kind);
  });
});
