/**
 * Where emails go. SMTP (nodemailer) when SMTP_URL is set; otherwise the dev mailbox,
 * which delivers nothing and keeps each email readable at /dev/mailbox.
 */
import 'server-only';
import nodemailer from 'nodemailer';
import { env } from '@/lib/env';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The same for every attempt at one email, so a repeat is recognisable (lib/email/worker.ts). */
  messageId?: string;
}

export interface Transport {
  name: 'smtp' | 'mailbox';
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
  close?(): void;
}

export function defaultFromAddress(): string {
  if (env.EMAIL_FROM) return env.EMAIL_FROM;
  const name = env.PLATFORM_NAME.replace(/["\\]/g, '');
  return `"${name}" <no-reply@${new URL(env.APP_URL).hostname}>`;
}

export function smtpTransport(url: string, from = defaultFromAddress()): Transport {
  // One pooled connection set per process; short timeouts so a dead server fails fast and is retried later.
  const transporter = nodemailer.createTransport(url, {
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as never);
  return {
    name: 'smtp',
    async send(mail) {
      const info = await transporter.sendMail({ from, ...mail });
      return { messageId: info.messageId ?? null };
    },
    close: () => transporter.close(),
  };
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
