/**
 * Where emails go. SMTP (nodemailer) when SMTP_URL is set; otherwise the dev mailbox,
 * which delivers nothing and keeps each email readable at /dev/mailbox.
 */
import 'server-only';
import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { env } from '@/lib/env';
import { dkimSettings, fromAddress, type DkimSettings } from './sender';
import { smtpOptionsFromUrl } from './smtp-url';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The same for every attempt at one email, so a repeat is recognisable (lib/email/worker.ts). */
  messageId?: string;
  /** The envelope sender (Return-Path) of this one email, where bounces go (VERP, lib/email/sender.ts). */
  envelopeFrom?: string | null;
}

export interface Transport {
  name: 'smtp' | 'mailbox';
  /** How many emails the worker may hand to send() at once (default 1). */
  concurrency?: number;
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
  close?(): void;
}

/** SMTP connections each process keeps open to the mail server: the worker sends this many emails at once. */
export const SMTP_CONNECTIONS = 4;

/**
 * Headers on every email. Auto-Submitted (RFC 3834) tells mail systems a program sent it, so
 * vacation responders and other robots do not answer; X-Auto-Response-Suppress says the same
 * to Exchange.
 */
const AUTOMATIC_HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

export interface SmtpOptions {
  /** The From header (default: fromAddress()). */
  from?: string;
  /** DKIM signing (default: dkimSettings(), from the environment); null: unsigned. */
  dkim?: DkimSettings | null;
}

export function smtpTransport(url: string, options: SmtpOptions = {}): Transport {
  const from = options.from ?? fromAddress();
  const dkim = options.dkim === undefined ? dkimSettings() : options.dkim;
  // One pooled connection set per process; short timeouts so a dead server fails fast and is
  // retried later. The URL must be parsed into the options here: nodemailer reads a URL given
  // alone (or as `url`) and ignores every other option next to it, which once left the pool off
  // (a new connection per email, ~10 a second).
  const transporter = nodemailer.createTransport({
    ...smtpOptionsFromUrl(url),
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    getSocket: connectWithoutDelay,
    ...(dkim ? { dkim } : {}),
  });
  return {
    name: 'smtp',
    concurrency: SMTP_CONNECTIONS,
    async send({ envelopeFrom, ...mail }) {
      const info = await transporter.sendMail({
        from,
        ...mail,
        headers: AUTOMATIC_HEADERS,
        ...(envelopeFrom ? { envelope: { from: envelopeFrom, to: mail.to } } : {}),
      });
      return { messageId: info.messageId ?? null };
    },
    close: () => transporter.close(),
  };
}

/**
 * Opens the TCP connection for nodemailer with Nagle's algorithm off. nodemailer writes a
 * message and its closing "." separately and then waits for the reply; with Nagle on, that
 * last small write waits for the server's delayed ACK (40 ms on Linux), which capped each
 * connection at ~20 emails a second. TLS (smtps://, STARTTLS) is still nodemailer's, over
 * this socket. When the server cannot be reached this hands back no socket, and nodemailer
 * connects by itself and reports the failure as it always does (its pool stalls on an error
 * handed back from here).
 */
function connectWithoutDelay(
  options: SMTPPool.Options,
  callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void,
): void {
  const socket = net.connect({
    host: options.host ?? 'localhost',
    port: options.port ?? (options.secure ? 465 : 587),
    noDelay: true,
    timeout: options.connectionTimeout,
  });
  const fallBack = () => {
    socket.destroy();
    callback(null);
  };
  socket.once('error', fallBack);
  socket.once('timeout', fallBack);
  socket.once('connect', () => {
    socket.removeListener('error', fallBack);
    socket.removeListener('timeout', fallBack);
    socket.setTimeout(0);
    callback(null, { connection: socket });
  });
}

export const mailboxTransport: Transport = {
  name: 'mailbox',
  async send() {
    return { messageId: null };
  },
};

export function configuredTransport(): Transport {
  return env.SMTP_URL ? smtpTransport(env.SMTP_URL) : mailboxTransport;
}
