/**
 * What a mail server's answer means for one email. Pure: the worker and the console use it.
 *
 * A 5xx reply to RCPT TO or to the message itself (DATA) is the receiving side refusing this
 * email for good ("550 5.1.1 no such mailbox"): retrying for a day changes nothing, so the
 * email is marked rejected at once. Every other failure is retried with backoff: a 4xx
 * ("451 try again later", "421 too busy"), a dropped connection, and also a 5xx to the
 * connection, to AUTH or to MAIL FROM, which is about our own relay or sender, not about
 * this recipient (marking a welcome email "probably a typo" because our password expired
 * would send staff after the wrong problem).
 */

export interface SendFailure {
  /** A permanent refusal of this email by the receiving side. */
  permanent: boolean;
  /** What to store and show: the server's reply when there is one, else the error. */
  reply: string;
}

/** The fields nodemailer puts on an SMTP error (lib/smtp-connection's _formatError). */
interface SmtpErrorFields {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

const MAX_REPLY = 500;

export function classifySendError(err: unknown): SendFailure {
  const e = (err ?? {}) as SmtpErrorFields;
  const code = typeof e.responseCode === 'number' ? e.responseCode : 0;
  const aboutThisEmail = e.command === 'RCPT TO' || e.command === 'DATA';
  const permanent = aboutThisEmail && code >= 500 && code <= 599;
  const reply =
    permanent && e.response ? e.response : [e.code, e.responseCode, e.message].filter(Boolean).join(' ');
  return { permanent, reply: (reply || 'unknown error').replace(/\s+/g, ' ').trim().slice(0, MAX_REPLY) };
}

/**
 * What staff are told about a refusal, from the reply's enhanced status code (RFC 3463) or
 * its words: the address does not exist (a typo, most likely), the domain does not exist or
 * takes no mail, the mailbox is full or closed, or the message was refused as spam or by
 * policy. Anything else is "other" and staff see the server's words.
 */
export type RefusalKind = 'no-such-address' | 'no-such-domain' | 'mailbox-full' | 'blocked' | 'other';

export function refusalKind(reply: string | null | undefined): RefusalKind {
  const text = (reply ?? '').toLowerCase();
  const status = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(text);
  const enhanced = status ? `${status[2]}.${status[3]}` : '';
  if (['1.1', '1.6', '2.1'].includes(enhanced)) return 'no-such-address';
  if (['1.2', '1.10', '4.4'].includes(enhanced)) return 'no-such-domain';
  if (['2.2', '3.1'].includes(enhanced)) return 'mailbox-full';
  if (enhanced.startsWith('7.')) return 'blocked';
  if (
    /no such (user|mailbox|recipient)|user unknown|unknown (user|recipient)|does not exist|mailbox unavailable|address rejected|not found/.test(
      text,
    )
  )
    return 'no-such-address';
  if (/host not found|domain not found|no mx|name or service not known|nxdomain/.test(text))
    return 'no-such-domain';
  if (/quota|mailbox full|over ?quota|insufficient storage/.test(text)) return 'mailbox-full';
  if (/spam|blocked|blacklist|blocklist|policy|denied|dmarc|spf|dkim/.test(text)) return 'blocked';
  return 'other';
}
