/**
 * Delivery status notifications (RFC 3464) as Postfix writes them, for tests of the bounce
 * reader: a multipart/report with a human part, the message/delivery-status part and the
 * returned message's headers.
 */
export interface DsnOptions {
  /** Where the report goes: the VERP envelope sender of the email it is about. */
  to: string;
  finalRecipient: string;
  action?: string;
  status?: string;
  diagnostic?: string;
  /** The returned message's Message-ID (with angle brackets); left out when undefined. */
  originalMessageId?: string;
  /** text/rfc822-headers (the default) or the whole returned message as message/rfc822. */
  returned?: 'headers' | 'message';
}

export function dsnMessage(o: DsnOptions): string {
  const boundary = 'B0UNDARY-4F2A';
  const status = o.status ?? '5.1.1';
  const returnedHeaders = [
    `Return-Path: <${o.to}>`,
    ...(o.originalMessageId ? [`Message-ID: ${o.originalMessageId}`] : []),
    'From: "Gatehouse test" <no-reply@localhost>',
    `To: ${o.finalRecipient}`,
    'Subject: Welcome',
  ];
  return [
    'Return-Path: <>',
    `Delivered-To: ${o.to}`,
    'From: MAILER-DAEMON@mx.example.net (Mail Delivery System)',
    'Subject: Undelivered Mail Returned to Sender',
    `To: ${o.to}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    'Message-Id: <20261207231500.ABC123@mx.example.net>',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.net.',
    "I'm sorry to have to inform you that your message could not be delivered.",
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    'X-Postfix-Queue-ID: ABC123',
    'Arrival-Date: Mon,  7 Dec 2026 23:14:58 +0000 (UTC)',
    '',
    `Final-Recipient: rfc822; ${o.finalRecipient}`,
    `Original-Recipient: rfc822;${o.finalRecipient}`,
    `Action: ${o.action ?? 'failed'}`,
    `Status: ${status}`,
    'Remote-MTA: dns; mailbox.example.net',
    `Diagnostic-Code: smtp; ${o.diagnostic ?? `550 ${status} <${o.finalRecipient}>: Recipient address rejected:`}`,
    ...(o.diagnostic ? [] : ['    User unknown in virtual mailbox table']),
    '',
    `--${boundary}`,
    o.returned === 'message' ? 'Content-Type: message/rfc822' : 'Content-Type: text/rfc822-headers',
    '',
    ...returnedHeaders,
    ...(o.returned === 'message' ? ['', 'Choose your password: (link)'] : []),
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
