/**
 * Reads a delivery status notification (RFC 3464) with mailparser: a multipart/report whose message/delivery-status part holds one block of fields about the
 * message, then one block per recipient (Final-Recipient, Action, Status, Diagnostic-Code),
 * usually followed by the returned message or its headers.
 *
 * Reads only; never throws for what a message contains (a broken one is null). Which email the report is about is decided by the caller from the
 * addresses the report was delivered to (our VERP envelope sender, the one thing in a
 * report a stranger cannot make up) and the returned message's Message-ID.
 */
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';

export interface RecipientStatus {
  /** Final-Recipient's address (lower case), without its "rfc822;" type. */
  finalRecipient: string | null;
  /** failed | delayed | delivered | relayed | expanded (lower case). */
  action: string;
  /** The enhanced status code, e.g. 5.1.1 (RFC 3463). */
  status: string | null;
  /** Diagnostic-Code without its "smtp;" type: the remote server's reply. */
  diagnostic: string | null;
}

export interface DeliveryReport {
  /** Where the report was delivered: To, Delivered-To, X-Original-To, Envelope-To (lower case). */
  addressedTo: string[];
  /** The returned message's Message-ID, with its angle brackets, when the report includes it. */
  originalMessageId: string | null;
  /** The returned message's Return-Path (our envelope sender), when included. */
  originalReturnPath: string | null;
  recipients: RecipientStatus[];
}

const MAX_FIELD = 500;

/** The report, or null when the message is not a delivery status notification (or is too broken to read). */
export async function parseDeliveryStatus(raw: Buffer): Promise<DeliveryReport | null> {
  let mail: ParsedMail;
  try {
    // The status part and the returned message as attachments, as sent (not folded into the text, not parsed).
    mail = await simpleParser(raw, { keepDeliveryStatus: true, ignoreEmbedded: true, skipHtmlToText: true });
  } catch {
    return null;
  }
  const statusPart = mail.attachments.find((a) =>
    /^message\/(global-)?delivery-status$/i.test(a.contentType),
  );
  if (!statusPart) return null;
  const blocks = fieldBlocks(statusPart.content.toString('utf8'));
  // The first block is about the message; each later one about a recipient.
  const recipients = blocks
    .slice(1)
    .map(recipientOf)
    .filter((r): r is RecipientStatus => r !== null);
  if (recipients.length === 0) return null;
  const returned = returnedHeaders(mail.attachments);
  return {
    addressedTo: addressedTo(mail),
    originalMessageId: returned.get('message-id')?.match(/<[^<>\s]+>/)?.[0] ?? null,
    originalReturnPath:
      returned
        .get('return-path')
        ?.match(/<?([^<>\s]+@[^<>\s]+)>?/)?.[1]
        ?.toLowerCase() ?? null,
    recipients,
  };
}

/** Header-like blocks separated by blank lines, folded lines joined; keys lower case, the first occurrence kept. */
function fieldBlocks(text: string): Map<string, string>[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map(fieldsOf)
    .filter((b) => b.size > 0);
}

function fieldsOf(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const unfolded = text.replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const match = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1]!.toLowerCase();
    if (!fields.has(key)) fields.set(key, match[2]!.trim().slice(0, MAX_FIELD));
  }
  return fields;
}

function recipientOf(fields: Map<string, string>): RecipientStatus | null {
  const action = fields.get('action')?.toLowerCase().split(/\s/)[0];
  if (!action) return null;
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(fields.get('status') ?? '')?.[1] ?? null;
  return {
    finalRecipient:
      withoutType(fields.get('final-recipient') ?? fields.get('original-recipient'))?.toLowerCase() ?? null,
    action,
    status,
    diagnostic: withoutType(fields.get('diagnostic-code')),
  };
}

/** "rfc822; a@b.example" -> "a@b.example"; "smtp; 550 …" -> "550 …". */
function withoutType(value: string | undefined): string | null {
  if (!value) return null;
  const semi = value.indexOf(';');
  const rest = (semi >= 0 ? value.slice(semi + 1) : value).trim();
  return rest || null;
}

/** Headers of the returned message (message/rfc822 or text/rfc822-headers part), lower-case keys. */
function returnedHeaders(attachments: Attachment[]): Map<string, string> {
  const part = attachments.find((a) =>
    /^(message\/(global|rfc822)|text\/rfc822-headers|message\/global-headers)$/i.test(a.contentType),
  );
  if (!part) return new Map();
  const text = part.content.toString('utf8').replace(/\r\n/g, '\n');
  const headerEnd = text.search(/\n\s*\n/);
  return fieldsOf(headerEnd >= 0 ? text.slice(0, headerEnd) : text);
}

function addressedTo(mail: ParsedMail): string[] {
  const found = new Set<string>();
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  for (const group of to) for (const v of group.value) if (v.address) found.add(v.address.toLowerCase());
  for (const { key, line } of mail.headerLines) {
    if (!['delivered-to', 'x-original-to', 'envelope-to'].includes(key)) continue;
    const value = line.slice(line.indexOf(':') + 1);
    for (const address of value.match(/[^\s<>,;"']+@[^\s<>,;"']+/g) ?? []) found.add(address.toLowerCase());
  }
  return [...found];
}
