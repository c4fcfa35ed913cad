/**
 * A real SMTP server for the browser tests, with a small HTTP side door on which the
 * tests read what arrived: GET /messages?to=ADDRESS -> [{ subject, text, html, to }], and
 * tell it to refuse a recipient from now on, as a real server refuses a mailbox that does not
 * exist: POST /refuse?to=ADDRESS&code=550&message=5.1.1%20... (at RCPT TO).
 */
import http from 'node:http';
import { SmtpSink } from '../../lib/test/smtp-sink';
import { SMTP_HTTP_PORT, SMTP_PORT as DEFAULT_SMTP_PORT } from './ports';

const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? DEFAULT_SMTP_PORT);
const HTTP_PORT = Number(process.env.E2E_SMTP_HTTP_PORT ?? SMTP_HTTP_PORT);

const sink = await new SmtpSink().start(SMTP_PORT);
http
  .createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const to = url.searchParams.get('to');
    if (req.method === 'POST' && url.pathname === '/refuse' && to) {
      sink.refuse(to, {
        code: Number(url.searchParams.get('code') ?? 550),
        message: url.searchParams.get('message') ?? '5.1.1 No such user',
      });
      res.writeHead(204).end();
      return;
    }
    const messages = (to ? sink.to(to) : sink.messages).map((m) => ({
      subject: m.subject,
      messageId: m.messageId,
      text: m.text,
      html: typeof m.html === 'string' ? m.html : '',
      to: (Array.isArray(m.to) ? m.to : [m.to]).flatMap((t) => t?.value.map((v) => v.address) ?? []),
    }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(messages));
  })
  .listen(HTTP_PORT, '127.0.0.1', () =>
    console.log(`SMTP sink on ${SMTP_PORT}, messages on http://127.0.0.1:${HTTP_PORT}/messages`),
  );
