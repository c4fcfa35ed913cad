/**
 * A real SMTP server for tests (smtp-server), collecting parsed messages (mailparser).
 * It can be stopped and started again on the same port to test delivery retries.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

/** One message as the server received it: the bytes (to verify a DKIM signature), the envelope, the parse. */
export interface ReceivedMessage {
  raw: Buffer;
  mailFrom: string;
  rcptTo: string[];
  parsed: ParsedMail;
}

/** How the server answers one recipient: at RCPT TO, or after the message (DATA). */
export interface Refusal {
  code: number;
  message: string;
  at?: 'rcpt' | 'data';
}

export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  readonly received: ReceivedMessage[] = [];
  /** Recipients (lower case) the server refuses, and how: a 550 for a mailbox that does not exist, a 451 for a busy one. */
  readonly refusals = new Map<string, Refusal>();
  private server: SMTPServer | null = null;
  port = 0;
  /** Holds each message this long before accepting it (a slow mail server), for tests that need deliveries in flight. */
  delayMs = 0;
  /** Connection errors the server saw after it started (a reset by a killed client). */
  readonly connectionErrors: Error[] = [];

  async start(port = 0): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Stopping drops the workers' pooled connections at once (421, as a mail server going
      // down does) instead of waiting 30 s for them to leave.
      closeTimeout: 50,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.refusals.get(address.address.toLowerCase());
        if (refusal && (refusal.at ?? 'rcpt') === 'rcpt') return callback(smtpError(refusal));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', callback);
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const rcptTo = session.envelope.rcptTo.map((r) => r.address);
          const refusal = rcptTo
            .map((r) => this.refusals.get(r.toLowerCase()))
            .find((r) => r && r.at === 'data');
          if (refusal) return callback(smtpError(refusal));
          simpleParser(raw)
            .then((parsed) => {
              this.messages.push(parsed);
              const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
              this.received.push({ raw, mailFrom, rcptTo, parsed });
              setTimeout(() => callback(), this.delayMs);
            })
            .catch(callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    // A client that goes away mid-message (a worker killed with SIGKILL) resets its
    // connection; smtp-server reports that as an 'error' event on the server, which would be an
    // uncaught exception in the test process. Kept for tests to read, not thrown.
    server.on('error', (error) => this.connectionErrors.push(error));
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Makes the server refuse this recipient (lower-cased) with this reply from now on. */
  refuse(address: string, refusal: Refusal): void {
    this.refusals.set(address.toLowerCase(), refusal);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((m) =>
      (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === address)),
    );
  }
}

function smtpError(refusal: Refusal): Error {
  return Object.assign(new Error(refusal.message), { responseCode: refusal.code });
}

/**
 * For an integration test file: a real SMTP server for the file's lifetime and a transport
 * to it, plus `deliver()` that runs worker sweeps until nothing is due.
 */
export function startSmtpSink(hooks: {
  beforeAll: (fn: () => Promise<void>) => void;
  afterAll: (fn: () => Promise<void>) => void;
}) {
  const sink = new SmtpSink();
  const state: { transport?: import('@/lib/email/transports').Transport } = {};
  hooks.beforeAll(async () => {
    await sink.start();
    const { smtpTransport } = await import('@/lib/email/transports');
    state.transport = smtpTransport(sink.url);
  });
  hooks.afterAll(async () => {
    state.transport?.close?.();
    await sink.stop();
  });
  return {
    sink,
    transport: () => state.transport!,
    async deliver() {
      const [{ getDb }, { deliverDueEmails }] = await Promise.all([
        import('@/lib/db/client'),
        import('@/lib/email/worker'),
      ]);
      const db = await getDb();
      for (let i = 0; i < 20; i++) {
        const { claimed } = await deliverDueEmails(db, state.transport!);
        if (claimed === 0) return;
      }
    },
  };
}
