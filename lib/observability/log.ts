/**
 * Structured logs for operators: with LOG_FORMAT=json, one JSON line (pino) per request and
 * per email delivery attempt. Never a password, a token, a link, a query string or the
 * full address of someone who has no account: callers pass only the fields named here.
 */
import pino, { type Logger } from 'pino';
import { env } from '@/lib/env';

const globalForLog = globalThis as unknown as { __gatehouseLogger?: Logger };

/** Lines are written in batches of about this many bytes, and at least once a second. */
const BATCH_BYTES = 4096;
const FLUSH_EVERY_MS = 1000;

/**
 * Standard output, written in batches instead of one blocking write per line: a request's
 * log line cost more CPU than anything else in a sign-in besides argon2 and the database
 * (bench:sign-in's profile). pino flushes what is left when the process exits or stops
 * (SIGTERM); only a process killed outright can lose its last second of lines.
 */
function batchedStdout() {
  const destination = pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES });
  setInterval(() => destination.flush(), FLUSH_EVERY_MS).unref();
  return destination;
}

/** One logger per process (the edge and the app's bundles share it). Silent unless LOG_FORMAT=json. */
export function logger(): Logger {
  const enabled = env.LOG_FORMAT === 'json';
  globalForLog.__gatehouseLogger ??= pino(
    {
      enabled,
      base: { service: 'gatehouse', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A last line of defence: these keys never reach a log line, whoever passes them.
      redact: {
        paths: ['password', 'token', 'link', 'email', '*.password', '*.token', '*.link', '*.email'],
        censor: '[redacted]',
      },
    },
    enabled ? batchedStdout() : undefined,
  );
  return globalForLog.__gatehouseLogger;
}

export interface RequestLine {
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
}

export function logRequest(line: RequestLine): void {
  logger().info({ event: 'request', ...line }, 'request');
}

export interface DeliveryLine {
  outboxId: string;
  template: string;
  attempt: number;
  outcome: 'sent' | 'retrying' | 'failed' | 'rejected' | 'bounced' | 'claim-lost';
  /** The recipient's domain only. */
  toDomain: string;
  error?: string;
}

export function logDelivery(line: DeliveryLine): void {
  logger().info({ event: 'email_delivery', ...line }, 'email delivery');
}
