/**
 * The edge's page cache at work on Node's request and response (the rules are in
 * page-cache.ts). For a cacheable request:
 * - a hit is answered here, with the kept page's headers and body and a fresh nonce in both,
 *   compressed as Next.js would have (gzip or deflate by Accept-Encoding); Next is not called;
 * - a miss goes to Next as usual, but without Accept-Encoding, so Next answers the identity
 *   body the nonce can be replaced in; the answer is held until it is complete, kept when
 *   storable, and sent on (compressed here when the browser asked for it).
 * Anything else, and any answer that is not storable (a redirect, a 404, a 5xx for the edge's
 * unavailable page), passes through untouched.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { newNonce } from '@/lib/http/headers';
import { env } from '@/lib/env';
import { authCookies } from '@/lib/auth/cookies';
import { metrics } from '@/lib/observability/metrics';
import { SEEN_HOST_HEADER } from '@/lib/security/client-ip';
import {
  chooseEncoding,
  completePage,
  makeEntry,
  pageCacheKey,
  PageStore,
  storable,
  withNonce,
  type KeyOptions,
  type PageEntry,
} from './page-cache';

/** How long a kept page is reused before it is rendered again. */
const TTL_MS = 60_000;
/** Far above the number of possible keys (CACHEABLE_URLS × languages, 28 today). */
const MAX_ENTRIES = 100;

type Encoding = ReturnType<typeof chooseEncoding>;
type Chunk = string | Uint8Array;
type Callback = (error?: Error | null) => void;

/** Sends `body` as the answer's body (headers already set), compressed when asked; HEAD gets none. */
function sendBody(
  res: ServerResponse,
  send: { writeHead: (status: number) => unknown; end: (chunk?: Buffer) => unknown },
  body: Buffer,
  encoding: Encoding,
  head: boolean,
): void {
  const out = encoding === 'gzip' ? gzipSync(body) : encoding === 'deflate' ? deflateSync(body) : body;
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', out.length);
  send.writeHead(200);
  send.end(head ? undefined : out);
}

/** Answers a request from a kept page, with a new nonce. */
function serveEntry(res: ServerResponse, entry: PageEntry, encoding: Encoding, head: boolean): void {
  const { body, csp } = withNonce(entry, newNonce());
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  res.setHeader('content-security-policy', csp);
  sendBody(
    res,
    { writeHead: (s) => res.writeHead(s), end: (c) => res.end(c) },
    Buffer.from(body),
    encoding,
    head,
  );
}

/**
 * Holds Next's answer to a cacheable miss. Once its status and headers are known (Next's
 * first writeHead, flushHeaders, write or end), a storable answer is collected and, at its
 * end, kept and sent; anything else is passed on as it comes.
 */
function captureAnswer(res: ServerResponse, encoding: Encoding, keep: (entry: PageEntry) => void): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const flushHeaders = res.flushHeaders.bind(res);
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let mode: 'undecided' | 'collect' | 'pass' = 'undecided';
  const chunks: Buffer[] = [];

  const decide = () => {
    if (mode !== 'undecided') return;
    mode = storable(res.statusCode, res.getHeaders()) ? 'collect' : 'pass';
    if (mode === 'pass') {
      res.writeHead = writeHead as typeof res.writeHead;
      res.flushHeaders = flushHeaders;
      res.write = write as typeof res.write;
      res.end = end as typeof res.end;
    }
  };
  const collect = (chunk: unknown, encodingOrCallback: unknown) => {
    if (typeof chunk === 'string')
      chunks.push(
        Buffer.from(
          chunk,
          typeof encodingOrCallback === 'string' ? (encodingOrCallback as BufferEncoding) : 'utf8',
        ),
      );
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };

  res.writeHead = ((status: number, ...rest: unknown[]) => {
    res.statusCode = status;
    // Headers given to writeHead join the ones set before, as Node itself would merge them;
    // a raw header array is left to Node (and the answer passed on).
    const headers = rest.find((r) => typeof r === 'object' && r !== null);
    if (Array.isArray(headers)) mode = 'pass';
    else if (headers)
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value as string);
    decide();
    if (mode === 'pass') return writeHead(status, ...rest);
    return res;
  }) as typeof res.writeHead;
  res.flushHeaders = () => {
    decide();
    if (mode === 'pass') flushHeaders();
  };
  res.write = ((chunk: Chunk, ...rest: unknown[]) => {
    decide();
    if (mode === 'pass') return write(chunk, ...rest);
    collect(chunk, rest[0]);
    const callback = rest.find((r) => typeof r === 'function') as Callback | undefined;
    if (callback) process.nextTick(callback);
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: Chunk | Callback, ...rest: unknown[]) => {
    decide();
    if (mode === 'pass') return end(chunk, ...rest);
    if (typeof chunk !== 'function') collect(chunk, rest[0]);
    const callback = [chunk, ...rest].find((r) => typeof r === 'function') as Callback | undefined;
    if (callback) res.once('finish', callback);
    const body = Buffer.concat(chunks);
    const html = body.toString('utf8');
    // Storability was decided at the first write, but Next may still set headers until the
    // end (they are held back here): what is kept is what is there now, so check it again.
    if (completePage(html) && storable(res.statusCode, res.getHeaders()))
      keep(makeEntry(res.getHeaders(), html, Date.now()));
    // This answer keeps the nonce Next gave it (the CSP header already names it).
    res.removeHeader('Content-Length');
    sendBody(res, { writeHead, end }, body, encoding, false);
    return res;
  }) as typeof res.end;
}

export interface PageCache {
  /**
   * Answers `req` from the cache and returns true, or returns false for Next to answer it
   * (and, for a cacheable miss, prepares `res` so the answer is kept).
   */
  answer(req: IncomingMessage, res: ServerResponse): boolean;
}

export function createPageCache(
  settings: Omit<KeyOptions, 'seenHostHeader'> & { enabled: boolean },
): PageCache {
  const options: KeyOptions = { ...settings, seenHostHeader: SEEN_HOST_HEADER };
  const store = new PageStore(TTL_MS, MAX_ENTRIES);
  const counter = metrics().pageCache;
  return {
    answer(req, res) {
      if (!settings.enabled) return false;
      const decision = pageCacheKey(req, options);
      if ('bypass' in decision) {
        // Counted only for the cached pages themselves: a signed-in visitor, a navigation, …
        if (decision.bypass !== 'url' && decision.bypass !== 'method') counter.inc({ result: 'bypass' });
        return false;
      }
      const encoding = chooseEncoding(
        Array.isArray(req.headers['accept-encoding'])
          ? req.headers['accept-encoding'].join(', ')
          : req.headers['accept-encoding'],
      );
      const entry = store.get(decision.key, Date.now());
      if (entry) {
        counter.inc({ result: 'hit' });
        serveEntry(res, entry, encoding, req.method === 'HEAD');
        return true;
      }
      counter.inc({ result: 'miss' });
      // A HEAD has no body to keep: Next answers it, and the next GET fills the cache.
      if (req.method !== 'GET') return false;
      delete req.headers['accept-encoding'];
      captureAnswer(res, encoding, (e) => store.set(decision.key, e));
      return false;
    },
  };
}

let shared: PageCache | undefined;

/** The edge's page cache, as configured (PAGE_CACHE, APP_URL, DEFAULT_LOCALE): see PageCache.answer. */
export function answerFromPageCache(req: IncomingMessage, res: ServerResponse): boolean {
  shared ??= pageCacheFromEnv();
  return shared.answer(req, res);
}

function pageCacheFromEnv(): PageCache {
  const auth = authCookies(env.secureCookies);
  return createPageCache({
    enabled: env.PAGE_CACHE === 'on',
    appHost: new URL(env.APP_URL).host.toLowerCase(),
    defaultLocale: env.DEFAULT_LOCALE,
    ignoredCookies: [auth.callbackUrl.name, auth.csrfToken.name],
  });
}
