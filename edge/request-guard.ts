/**
 * Requests the edge answers itself, before Next.js's handler, because Next answers them
 * with a 500 (a server action body over its 1 MB limit; any method but GET/HEAD on its
 * static files, a known Next.js bug). Bad input gets a clean 4xx, never a 500.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The largest request body the app takes: its forms are small; Next refuses server-action bodies over 1 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The one exception: the accounts file upload (a route handler, not a server action, so
 * Next's 1 MB action limit does not apply). 5,000 rows of long names and addresses are
 * up to 3 MB (MAX_IMPORT_BYTES); 4 MB leaves room for the form's own bytes. nginx allows
 * the same for this path only (deploy/nginx).
 */
export const IMPORT_UPLOAD_PATH = '/admin/accounts/import/upload';
export const IMPORT_UPLOAD_MAX_BODY_BYTES = 4 * 1024 * 1024;

export function maxBodyBytes(path: string): number {
  return path === IMPORT_UPLOAD_PATH ? IMPORT_UPLOAD_MAX_BODY_BYTES : MAX_BODY_BYTES;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Refusal {
  status: 400 | 405 | 411 | 413;
  message: string;
  headers?: Record<string, string>;
}

/** Server action ids are hex digests (Next.js 16: 42 characters). */
const ACTION_ID = /^[0-9a-f]{40,64}$/;

function malformedPath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

export function refuseRequest(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): Refusal | null {
  const verb = (method ?? 'GET').toUpperCase();
  const path = (url ?? '/').split('?')[0]!;
  // Next.js decodes the path for dynamic segments and fails with a 500 on a broken escape.
  if (malformedPath(path)) return { status: 400, message: 'The address is not valid.' };
  const action = headers['next-action'];
  // Server actions belong to pages; on a route handler Next.js looks one up anyway and fails with a 500.
  if (
    action !== undefined &&
    (typeof action !== 'string' || !ACTION_ID.test(action) || path.startsWith('/api/'))
  ) {
    return { status: 400, message: 'Unknown form action.' };
  }
  if (path.startsWith('/_next/static/') && verb !== 'GET' && verb !== 'HEAD') {
    return { status: 405, message: 'Method not allowed.', headers: { Allow: 'GET, HEAD' } };
  }
  if (!BODY_METHODS.has(verb)) return null;
  const length = headers['content-length'];
  if (length === undefined) {
    // A body of unknown length could be endless; browsers always say how long a form post is.
    return headers['transfer-encoding']
      ? { status: 411, message: 'A request body needs a Content-Length.' }
      : null;
  }
  const bytes = Number(length);
  if (!Number.isSafeInteger(bytes) || bytes < 0)
    return { status: 411, message: 'A request body needs a valid Content-Length.' };
  const limit = maxBodyBytes(path);
  if (bytes > limit)
    return { status: 413, message: `The request is too large (at most ${limit / (1024 * 1024)} MB).` };
  const type = headers['content-type'] ?? '';
  if (/^multipart\/form-data/i.test(type) && !/;\s*boundary=/i.test(type))
    return { status: 400, message: 'A form body needs its boundary.' };
  // Pages take form posts (multipart or urlencoded; a server action called by script may also
  // send its arguments as text/plain JSON). Anything else posted to a page is not ours to read.
  if (
    verb === 'POST' &&
    !path.startsWith('/api/') &&
    !FORM_TYPES.test(type) &&
    !(action !== undefined && /^text\/plain/i.test(type))
  ) {
    return { status: 400, message: 'Pages take form posts only.' };
  }
  return null;
}

const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)/i;

/** Bodies Next.js will parse: checked first here, because a broken one makes Next answer 500. */
export function needsBodyCheck(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): 'form' | 'json' | null {
  if ((method ?? '').toUpperCase() !== 'POST' || (url ?? '').startsWith('/api/')) return null;
  const type = headers['content-type'] ?? '';
  if (/^multipart\/form-data/i.test(type)) return 'form';
  if (headers['next-action'] !== undefined && /^text\/plain/i.test(type)) return 'json';
  return null;
}

/** A server action's request, whose failure inside Next.js means its body could not be read. */
export function isFormPost(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): boolean {
  return (
    (method ?? '').toUpperCase() === 'POST' &&
    !(url ?? '').startsWith('/api/') &&
    (headers['next-action'] !== undefined || FORM_TYPES.test(headers['content-type'] ?? ''))
  );
}
