/**
 * Requests the edge answers itself, before Next.js's handler, because Next answers them
 * with a 500 (a server action body over its 1 MB limit; any method but GET/HEAD on its
 * static files, a known Next.js bug). Bad input gets a clean 4xx, never a 500.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The largest request body the app takes: its forms are small; Next refuses server-action bodies over 1 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Refusal {
  status: 405 | 411 | 413;
  message: string;
  headers?: Record<string, string>;
}

export function refuseRequest(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): Refusal | null {
  const verb = (method ?? 'GET').toUpperCase();
  const path = (url ?? '/').split('?')[0]!;
  if (path.startsWith('/_next/static/') && verb !== 'GET' && verb !== 'HEAD') {
    return { status: 405, message: 'Method not allowed.', headers: { Allow: 'GET, HEAD' } };
  }
  if (!BODY_METHODS.has(verb)) return null;
  const length = headers['content-length'];
  if (length === undefined) {
    // A body of unknown length could be endless; browsers always say how long a form post is.
    return headers['transfer-encoding'] ? { status: 411, message: 'A request body needs a Content-Length.' } : null;
  }
  const bytes = Number(length);
  if (!Number.isSafeInteger(bytes) || bytes < 0) return { status: 411, message: 'A request body needs a valid Content-Length.' };
  if (bytes > MAX_BODY_BYTES) return { status: 413, message: 'The request is too large (at most 1 MB).' };
  return null;
}
