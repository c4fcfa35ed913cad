/**
 * The DNS records an operator publishes so receiving mail servers trust Gatehouse's email:
 * SPF (which servers may send for the envelope's domain), DKIM (the public key that checks
 * the signature) and DMARC (what to do when neither aligns with the From domain). Printed by
 * `npm run email:dns` for the configured sender, key and bounce address; the DKIM test
 * verifies signatures against exactly the record printed here. See docs/email.md.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

export interface DnsRecord {
  name: string;
  type: 'TXT' | 'MX';
  /** The value as one string (a TXT record's strings joined). */
  value: string;
  /** What it is for, in a sentence. */
  purpose: string;
}

/** `v=DKIM1; k=rsa; p=<base64 SubjectPublicKeyInfo>` (or k=ed25519 with the raw 32-byte key, RFC 8463). */
export function dkimRecordValue(key: string | KeyObject): string {
  const publicKey = typeof key !== 'string' && key.type === 'public' ? key : createPublicKey(key);
  if (publicKey.asymmetricKeyType === 'ed25519') {
    const der = publicKey.export({ type: 'spki', format: 'der' });
    // An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte prefix and the 32-byte key.
    return `v=DKIM1; k=ed25519; p=${der.subarray(der.length - 32).toString('base64')}`;
  }
  if (publicKey.asymmetricKeyType !== 'rsa') throw new Error('DKIM keys are RSA or Ed25519');
  return `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
}

/** A TXT value as DNS carries it: strings of at most 255 characters (a 2048-bit key needs two). */
export function txtStrings(value: string): string[] {
  const strings: string[] = [];
  for (let i = 0; i < value.length; i += 255) strings.push(value.slice(i, i + 255));
  return strings;
}

/** As a zone file writes a TXT value: each string quoted. */
export function zoneTxt(value: string): string {
  return txtStrings(value)
    .map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`)
    .join(' ');
}

export interface MailDnsInput {
  /** The From domain. */
  sendingDomain: string;
  /** The SMTP relay's host name (from SMTP_URL), which SPF must allow. */
  smtpHost?: string;
  dkim?: { selector: string; domain: string; key: string | KeyObject };
  /** EMAIL_BOUNCE_ADDRESS, whose domain is the envelope's (SPF is checked for it). */
  bounceAddress?: string;
  /** Where aggregate DMARC reports go (default: dmarc-reports@ the sending domain). */
  dmarcReports?: string;
}

/** Every record to publish for this configuration, in the order an operator adds them. */
export function mailDnsRecords(input: MailDnsInput): DnsRecord[] {
  const records: DnsRecord[] = [];
  const envelopeDomain = input.bounceAddress?.split('@')[1] ?? input.sendingDomain;
  const relay = input.smtpHost ? `a:${input.smtpHost}` : 'a:<your SMTP relay>';
  records.push({
    name: envelopeDomain,
    type: 'TXT',
    value: `v=spf1 ${relay} -all`,
    purpose:
      'SPF for the envelope sender (Return-Path): only your relay may send for it. If the relay is a provider, use its include: instead of a:.',
  });
  if (input.bounceAddress && envelopeDomain !== input.sendingDomain) {
    records.push({
      name: input.sendingDomain,
      type: 'TXT',
      value: `v=spf1 ${relay} -all`,
      purpose: 'SPF for the From domain too (some receivers check it for HELO and replies).',
    });
  }
  if (input.bounceAddress) {
    records.push({
      name: envelopeDomain,
      type: 'MX',
      value: `10 <the host of the bounce mailbox>`,
      purpose: 'bounce reports must reach the mailbox Gatehouse reads over IMAP (EMAIL_BOUNCE_IMAP_URL).',
    });
  }
  if (input.dkim) {
    records.push({
      name: `${input.dkim.selector}._domainkey.${input.dkim.domain}`,
      type: 'TXT',
      value: dkimRecordValue(input.dkim.key),
      purpose: 'the DKIM public key: receivers check every email’s signature with it.',
    });
  }
  records.push({
    name: `_dmarc.${input.sendingDomain}`,
    type: 'TXT',
    value: `v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:${input.dmarcReports ?? `dmarc-reports@${input.sendingDomain}`}`,
    purpose:
      'DMARC: mail claiming to be from this domain that passes neither aligned DKIM nor SPF goes to spam; daily reports say who sends as you. Start with p=none to watch, then quarantine or reject.',
  });
  return records;
}
