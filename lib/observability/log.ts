/**
 * Structured logs for operators: with LOG_FORMAT=json, one JSON line (pino) per request and
 * per email delivery attempt. Never a password, a token, a link, a query string or the
 * full address of someone who has no account: callers pass only the fields named here.
 */
import pino, { type Logger } from 'pino';
import { env } from '@/lib/env';

const globalForLog = globalThis as unknown as { __gatehouseLogger?: Logger };

/** One logger per process (the edge and the app's bundles share it). Silent unless LOG_FORMAT=json. */
export function logger(): Logger {
  globalForLog.__gatehouseLogger ??= pino({
    enabled: env.LOG_FORMAT === 'json',
    base: { service: 'gatehouse', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A last line of defence: these keys never reach a log line, whoever passes them.
    redact: {
      paths: ['password', 'token', 'link', 'email', '*.password', '*.token', '*.link', '*.email'],
      censor: '[redacted]',
    },
  });
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
  outcome: 'sent' | 'retrying' | 'failed';
  /** The recipient's domain only. */
  toDomain: string;
  error?: string;
}

export function logDelivery(line: DeliveryLine): void {
  logger().info({ event: 'email_delivery', ...line }, 'email delivery');
}
