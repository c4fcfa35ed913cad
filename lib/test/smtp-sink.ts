/**
 * A real SMTP server for tests (smtp-server), collecting parsed messages (mailparser).
 * It can be stopped and started again on the same port to test delivery retries.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;
  /** Holds each message this long before accepting it (a slow mail server), for tests that need deliveries in flight. */
  delayMs = 0;

  async start(port = 0): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Stopping drops the workers' pooled connections at once (421, as a mail server going
      // down does) instead of waiting 30 s for them to leave.
      closeTimeout: 50,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push(mail);
            setTimeout(callback, this.delayMs);
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
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
    state.transport = smtpTransport(sink.url, '"Gatehouse test" <no-reply@localhost>');
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
        const { sent, failed } = await deliverDueEmails(db, state.transport!);
        if (sent + failed === 0) return;
      }
    },
  };
}
