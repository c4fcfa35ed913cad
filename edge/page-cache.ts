/**
 * The rules of the edge's page cache (issue 15): which requests may be answered with a page
 * rendered earlier for someone else, under which key, which answers may be kept, and how a
 * kept page gets a fresh CSP nonce. Pure (no Node streams, no env), so it is tested as tables;
 * page-cache-response.ts applies it to a request and its response.
 *
 * Why it is safe: only pages whose output is the same for every anonymous visitor are cached
 * (they read no database, no session, no per-visitor cookie or header besides the language),
 * and everything else those pages read is in the key (path, an exact query, the negotiated
 * language) or makes the request bypass the cache (cookies, RSC and router headers, another
 * host than APP_URL, bots). Each such page says so itself, in a page-cache.ts beside its
 * page.tsx (cacheable-pages.ts finds them): the key space is finite by construction, since a
 * request whose URL is not character for character one of those is never answered from the
 * cache. Every answer carries a nonce of its own (body and header), so the CSP keeps its full
 * strength.
 */
import { isCrawler } from '@/lib/http/crawlers';
import { isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from '@/lib/i18n/locales';

/** Marks the edge's own request for a page it is about to keep (page-cache-response.ts): rendered by Next, never from the cache. */
export const PAGE_FILL_HEADER = 'x-gatehouse-page-fill';

/**
 * Request headers Next.js answers differently for (an RSC payload instead of HTML, a server
 * action, an intercepted route, its own internal hops): such a request is never cached, as is
 * any header of Next's own namespaces, so a header we did not think of cannot poison an entry.
 */
const BYPASS_HEADERS = new Set(['rsc', 'x-matched-path', 'x-prerender-revalidate', 'x-deployment-id']);
const BYPASS_HEADER_PREFIXES = ['next-', 'x-nextjs-', 'x-middleware-', 'x-invoke-', 'x-now-', 'x-vercel-'];

export interface CacheRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface KeyOptions {
  /** The URLs pages declared cacheable (path and query, exactly as they must arrive). */
  cacheableUrls: ReadonlySet<string>;
  /** APP_URL's host (with port), lower case: the only host whose pages are cached. */
  appHost: string;
  /** The header where the edge put the host the browser used (forwarded-headers.ts). */
  seenHostHeader: string;
  defaultLocale: Locale;
  /**
   * Cookies no cached page reads, which may stay in a browser after signing out: next-auth's
   * callback-URL and CSRF cookies (HttpOnly, so no script reads them either). Without this,
   * everyone who has signed in once would get every later /login rendered.
   */
  ignoredCookies?: readonly string[];
}

export type KeyDecision = { key: string; locale: Locale } | { bypass: string };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Cookie names and values of a Cookie header; malformed pieces count as cookies too. */
export function parseCookies(header: string | undefined): { name: string; value: string }[] {
  if (!header) return [];
  return header
    .split(';')
    .map((piece) => piece.trim())
    .filter(Boolean)
    .map((piece) => {
      const eq = piece.indexOf('=');
      return eq < 0
        ? { name: piece, value: '' }
        : { name: piece.slice(0, eq).trim(), value: piece.slice(eq + 1).trim() };
    });
}

/**
 * The cache key of a request, or why it must be rendered normally. Called after the edge has
 * rewritten Host and recorded the host the browser used.
 */
export function pageCacheKey(req: CacheRequest, options: KeyOptions): KeyDecision {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { bypass: 'method' };
  const url = req.url ?? '';
  if (!options.cacheableUrls.has(url)) return { bypass: 'url' };
  if (req.headers[PAGE_FILL_HEADER] !== undefined) return { bypass: 'fill' };
  for (const name of Object.keys(req.headers)) {
    const lower = name.toLowerCase();
    if (BYPASS_HEADERS.has(lower) || BYPASS_HEADER_PREFIXES.some((p) => lower.startsWith(p)))
      return { bypass: 'router header' };
  }
  // A session (or any cookie the page might read one day) means a personal answer.
  const cookies = parseCookies(single(req.headers.cookie));
  const ignored = options.ignoredCookies ?? [];
  if (cookies.some((c) => c.name !== LOCALE_COOKIE && !ignored.includes(c.name))) return { bypass: 'cookie' };
  // The language cookie counts only as exactly one known value, written plainly: Next.js
  // reads the header its own way (values URL-decoded, the last of two names winning), and
  // wherever the two readings could differ a page in one language would be kept under the
  // key of another, for every visitor (issue 26).
  const localeCookies = single(req.headers.cookie)
    ?.split(';')
    .map((piece) => piece.replace(/^ +/, ''))
    .filter((piece) => parseCookies(piece)[0]?.name === LOCALE_COOKIE);
  if (localeCookies && localeCookies.length > 0) {
    const value = /^[^=]+=(.*)$/.exec(localeCookies[0]!)?.[1];
    if (localeCookies.length > 1 || !localeCookies[0]!.startsWith(`${LOCALE_COOKIE}=`) || !isLocale(value))
      return { bypass: 'cookie' };
  }
  // Another address than APP_URL gets the "wrong address" note, naming what the browser typed.
  if (single(req.headers[options.seenHostHeader]) !== options.appHost) return { bypass: 'host' };
  // Next.js renders the page's metadata differently for crawlers (one list for both: crawlers.ts).
  if (isCrawler(single(req.headers['user-agent']) ?? '')) return { bypass: 'bot' };
  // The same choice lib/i18n/request.ts makes for someone not signed in (no saved language).
  const locale = negotiateLocale(
    cookies.find((c) => c.name === LOCALE_COOKIE)?.value,
    single(req.headers['accept-language']) ?? null,
    { fallback: options.defaultLocale },
  );
  return { key: `${locale} ${url}`, locale };
}

/** The nonce a Content-Security-Policy allows scripts by, if it names exactly one. */
export function nonceOf(csp: string | undefined): string | null {
  const found = [...(csp ?? '').matchAll(/'nonce-([A-Za-z0-9+/_=-]+)'/g)];
  return found.length === 1 ? found[0]![1]! : null;
}

/**
 * Whether an answer may be kept for others: a complete 200 HTML page, set no cookie, not
 * already compressed (the nonce must be replaceable), and a CSP with one nonce to replace.
 */
export function storable(status: number, headers: Record<string, unknown>): boolean {
  const type = String(headers['content-type'] ?? '');
  return (
    status === 200 &&
    type.startsWith('text/html') &&
    headers['set-cookie'] === undefined &&
    headers['content-encoding'] === undefined &&
    nonceOf(String(headers['content-security-policy'] ?? '')) !== null
  );
}

/**
 * Whether a collected body is a whole document. Next streams a page; a render that fails after
 * the first bytes ends the stream early (or with an error for the browser to show): such a
 * body is sent as it is, never kept.
 */
export function completePage(body: string): boolean {
  return body.trimEnd().endsWith('</html>');
}

/** Headers of the one answer that are not the page's: the next answer gets its own. */
const PER_RESPONSE_HEADERS = new Set([
  'date',
  'x-request-id',
  'content-length',
  'transfer-encoding',
  'content-encoding',
  'connection',
  'keep-alive',
]);

/** A page kept for reuse: its headers and body cut at each place the nonce stood. */
export interface PageEntry {
  headers: [name: string, value: string | string[]][];
  /** The body split on the nonce; joining with a new nonce gives the page for a new answer. */
  bodyParts: string[];
  /** The CSP header split the same way. */
  cspParts: string[];
}

/** Makes an entry from an answer that storable() accepted. */
export function makeEntry(headers: Record<string, unknown>, body: string): PageEntry {
  const csp = String(headers['content-security-policy']);
  const nonce = nonceOf(csp)!;
  return {
    headers: Object.entries(headers)
      .filter(([name]) => !PER_RESPONSE_HEADERS.has(name) && name !== 'content-security-policy')
      .map(([name, value]) => [name, Array.isArray(value) ? value.map(String) : String(value)]),
    bodyParts: body.split(nonce),
    cspParts: csp.split(nonce),
  };
}

/** The page and its CSP with `nonce` wherever the stored one was. */
export function withNonce(entry: PageEntry, nonce: string): { body: string; csp: string } {
  return { body: entry.bodyParts.join(nonce), csp: entry.cspParts.join(nonce) };
}

/**
 * The compression Next.js would have used (its `compression` middleware: gzip or deflate,
 * the higher q winning, gzip on a tie), or null for the identity body. Brotli and zstd are
 * not offered by Next either.
 */
export function chooseEncoding(acceptEncoding: string | undefined): 'gzip' | 'deflate' | null {
  const q = (coding: string): number => {
    let best = 0;
    for (const part of (acceptEncoding ?? '').split(',')) {
      const [name, ...params] = part.trim().split(';');
      const n = name?.trim().toLowerCase();
      if (n !== coding && n !== '*') continue;
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const value = qParam ? Number(qParam.slice(2)) : 1;
      // An explicit entry for the coding wins over the wildcard.
      if (n === coding) return Number.isFinite(value) ? value : 0;
      best = Number.isFinite(value) ? value : 0;
    }
    return best;
  };
  const gzip = q('gzip');
  const deflate = q('deflate');
  if (gzip <= 0 && deflate <= 0) return null;
  return gzip >= deflate ? 'gzip' : 'deflate';
}

/**
 * What is kept, by key. Entries expire after `ttlMs` (defence in depth: nothing these pages
 * show changes while the process runs, but an entry that should not exist would not live on),
 * and at most `maxEntries` are kept, the oldest stored leaving first. The key space is small
 * and closed (the declared URLs × languages), so the cap is never reached in practice.
 */
export class PageStore<T> {
  private readonly entries = new Map<string, { value: T; storedAt: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.storedAt >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry?.value;
  }

  set(key: string, value: T, now: number): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, storedAt: now });
  }

  get size(): number {
    return this.entries.size;
  }
}
