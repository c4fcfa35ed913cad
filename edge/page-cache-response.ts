/**
 * The edge's page cache at work (the rules are in page-cache.ts). For a cacheable request:
 * - a hit is answered here, with the kept page's headers and body and a fresh nonce in both,
 *   compressed as Next.js would have (gzip or deflate by Accept-Encoding); Next is not called;
 * - a miss asks for the page once, for everyone waiting on that key: a request of the edge's
 *   own to this server (`render`), with no cookie, the key's language, the identity encoding
 *   and the platform's host. What comes back is kept when storable, and the visitor answered
 *   from it. A page that cannot be kept (a redirect, a cookie, an error) is remembered as such
 *   for a while, and its visitors go to Next as if there were no cache.
 * The kept page is thus never made from a visitor's request: nothing a visitor sends (a
 * cookie, a header Next might read one day) can end up in a page given to someone else. And
 * Next's answers are never intercepted: a miss's visitor gets a kept page like a hit's.
 */
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { newNonce } from '@/lib/http/headers';
import { env } from '@/lib/env';
import { authCookies } from '@/lib/auth/cookies';
import { browserCookie } from '@/lib/sessions/browser-cookie';
import { metrics } from '@/lib/observability/metrics';
import type { Locale } from '@/lib/i18n/locales';
import { CLIENT_IP_HEADER, EDGE_MARKER_HEADER, SEEN_HOST_HEADER } from '@/lib/security/client-ip';
import {
  chooseEncoding,
  completePage,
  makeEntry,
  PAGE_FILL_HEADER,
  pageCacheKey,
  PageStore,
  storable,
  withNonce,
  type KeyOptions,
  type PageEntry,
} from './page-cache';
import { declaredCacheableUrls } from './cacheable-pages';

/** How long a kept page (or the knowledge that a URL cannot be kept) is reused before asking again. */
const TTL_MS = 60_000;
/** Far above the number of possible keys (the declared URLs × languages, 28 today). */
const MAX_ENTRIES = 100;
/** A render for the cache that takes longer than this is given up; its visitors go to Next. */
const RENDER_TIMEOUT_MS = 15_000;

type Encoding = ReturnType<typeof chooseEncoding>;

/** A page as Next answered the edge's own request for it. */
export interface RenderedPage {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Asks Next for `url` in `locale`, as an anonymous visitor at APP_URL; null when that failed. */
export type PageRenderer = (url: string, locale: Locale) => Promise<RenderedPage | null>;

/** Answers a request from a kept page, with a new nonce, compressed when asked; HEAD gets no body. */
function serveEntry(res: ServerResponse, entry: PageEntry, encoding: Encoding, head: boolean): void {
  const { body, csp } = withNonce(entry, newNonce());
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  res.setHeader('content-security-policy', csp);
  const raw = Buffer.from(body);
  const out = encoding === 'gzip' ? gzipSync(raw) : encoding === 'deflate' ? deflateSync(raw) : raw;
  if (encoding) res.setHeader('content-encoding', encoding);
  res.setHeader('content-length', out.length);
  res.writeHead(200);
  res.end(head ? undefined : out);
}

export interface PageCache {
  /** Answers `req` from the cache and resolves true, or resolves false for Next to answer it. */
  answer(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function createPageCache(
  settings: Omit<KeyOptions, 'seenHostHeader'> & { enabled: boolean; render: PageRenderer },
): PageCache {
  const options: KeyOptions = { ...settings, seenHostHeader: SEEN_HOST_HEADER };
  const store = new PageStore<PageEntry | 'not kept'>(TTL_MS, MAX_ENTRIES);
  /** Renders under way, one per key, shared by every request that waits for it. */
  const filling = new Map<string, Promise<PageEntry | 'not kept'>>();
  const counter = metrics().pageCache;

  const fill = (key: string, url: string, locale: Locale) => {
    let pending = filling.get(key);
    if (!pending) {
      pending = settings.render(url, locale).then((page) => {
        const entry =
          page && storable(page.status, page.headers) && completePage(page.body)
            ? makeEntry(page.headers, page.body)
            : 'not kept';
        store.set(key, entry, Date.now());
        return entry;
      });
      filling.set(key, pending);
      void pending.finally(() => filling.delete(key));
    }
    return pending;
  };

  return {
    async answer(req, res) {
      if (!settings.enabled) return false;
      const decision = pageCacheKey(req, options);
      if ('bypass' in decision) {
        // Counted only for the cached pages themselves: a signed-in visitor, a navigation, …
        if (decision.bypass !== 'url' && decision.bypass !== 'method' && decision.bypass !== 'fill')
          counter.inc({ result: 'bypass' });
        return false;
      }
      let entry = store.get(decision.key, Date.now());
      if (entry === undefined) {
        counter.inc({ result: 'miss' });
        entry = await fill(decision.key, req.url ?? '/', decision.locale);
      } else if (entry !== 'not kept') counter.inc({ result: 'hit' });
      if (entry === 'not kept') return false;
      const encoding = chooseEncoding(
        Array.isArray(req.headers['accept-encoding'])
          ? req.headers['accept-encoding'].join(', ')
          : req.headers['accept-encoding'],
      );
      serveEntry(res, entry, encoding, req.method === 'HEAD');
      return true;
    },
  };
}

/**
 * Renders a page for the cache by asking this very server for it over loopback, marked as the
 * edge's own request (the marker, so the client address and seen host set here are believed;
 * PAGE_FILL_HEADER, so the cache lets it through to Next).
 */
export function loopbackRenderer(port: number, marker: string, appHost: string): PageRenderer {
  return (url, locale) =>
    new Promise((resolve) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: url,
          method: 'GET',
          timeout: RENDER_TIMEOUT_MS,
          headers: {
            [EDGE_MARKER_HEADER]: marker,
            [PAGE_FILL_HEADER]: '1',
            [CLIENT_IP_HEADER]: '',
            [SEEN_HOST_HEADER]: appHost,
            accept: 'text/html',
            'accept-language': locale,
            'accept-encoding': 'identity',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', () => resolve(null));
        },
      );
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(null));
      req.end();
    });
}

/**
 * The edge's page cache, as configured (PAGE_CACHE, APP_URL, DEFAULT_LOCALE) and as the pages
 * declare themselves (cacheable-pages.ts), filled through this server's `port`.
 */
export async function pageCacheFromEnv(
  port: number,
  marker: string,
  { enabled }: { enabled: boolean },
): Promise<PageCache> {
  const auth = authCookies(env.secureCookies);
  const appHost = new URL(env.APP_URL).host.toLowerCase();
  const on = enabled && env.PAGE_CACHE === 'on';
  return createPageCache({
    enabled: on,
    cacheableUrls: on ? await declaredCacheableUrls() : new Set(),
    appHost,
    defaultLocale: env.DEFAULT_LOCALE,
    // Cookies no cacheable page reads: next-auth's, and the known-browser cookie (read only
    // by the sign-in itself, and kept after sign-out, so a signed-out visitor still has it).
    ignoredCookies: [auth.callbackUrl.name, auth.csrfToken.name, browserCookie(env.secureCookies).name],
    render: loopbackRenderer(port, marker, appHost),
  });
}
