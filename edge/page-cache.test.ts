import { describe, expect, it } from 'vitest';
import { helpTopics } from '@/lib/help/topics';
import { checkDeclaration, declaredCacheableUrls, routePattern } from './cacheable-pages';
import {
  chooseEncoding,
  completePage,
  makeEntry,
  nonceOf,
  pageCacheKey,
  PageStore,
  parseCookies,
  storable,
  withNonce,
  type CacheRequest,
} from './page-cache';

/** What the pages declare (a page-cache.ts beside each page.tsx), read as the edge reads it at start-up. */
const cacheableUrls = await declaredCacheableUrls();
const options = {
  cacheableUrls,
  appHost: 'care.example.org',
  seenHostHeader: 'x-seen',
  defaultLocale: 'nl' as const,
};
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** A browser's plain document request for `url` at the right address, with `extra` headers. */
function request(url: string, extra: CacheRequest['headers'] = {}, method = 'GET'): CacheRequest {
  return {
    method,
    url,
    headers: { host: 'care.example.org', 'x-seen': 'care.example.org', 'user-agent': CHROME, ...extra },
  };
}

describe('page cache: which requests may be answered from the cache, and under which key', () => {
  it("ignores only next-auth's leftover cookies it is told to, and only when nothing else is sent", () => {
    const withIgnored = { ...options, ignoredCookies: ['gatehouse.callback-url', 'gatehouse.csrf'] };
    const key = (cookie: string) => pageCacheKey(request('/login', { cookie }), withIgnored);
    expect(key('gatehouse.callback-url=http%3A%2F%2Fx; gatehouse.csrf=a%7Cb')).toEqual({
      key: 'nl /login',
      locale: 'nl',
    });
    expect(key('gatehouse.locale=en; gatehouse.callback-url=x')).toEqual({ key: 'en /login', locale: 'en' });
    expect(key('gatehouse.callback-url=x; gatehouse.session=abc')).toEqual({ bypass: 'cookie' });
    expect(key('gatehouse.callback-url=x; other=1')).toEqual({ bypass: 'cookie' });
    // Without the option (the default) they bypass like any other cookie.
    expect(pageCacheKey(request('/login', { cookie: 'gatehouse.callback-url=x' }), options)).toEqual({
      bypass: 'cookie',
    });
  });

  it.each([
    ['/login', {}, 'nl /login'],
    ['/login?signedOut=1', {}, 'nl /login?signedOut=1'],
    ['/login?reset=1', {}, 'nl /login?reset=1'],
    ['/forgot-password', {}, 'nl /forgot-password'],
    ['/help', {}, 'nl /help'],
    ['/help/passwords', {}, 'nl /help/passwords'],
    ['/help/no-email', {}, 'nl /help/no-email'],
    // The language is negotiated as for anyone not signed in: cookie, then Accept-Language.
    ['/login', { 'accept-language': 'en-GB,en;q=0.9' }, 'en /login'],
    ['/login', { 'accept-language': 'de, en;q=0.5' }, 'en /login'],
    ['/login', { 'accept-language': 'de, fr' }, 'nl /login'],
    ['/login', { cookie: 'gatehouse.locale=en' }, 'en /login'],
    ['/login', { cookie: 'gatehouse.locale=en', 'accept-language': 'nl' }, 'en /login'],
    // Headers the pages do not read leave the key alone.
    [
      '/login',
      { 'accept-encoding': 'gzip', referer: 'https://elsewhere.example/', 'x-forwarded-for': '1.2.3.4' },
      'nl /login',
    ],
    ['/login', {}, 'nl /login', 'HEAD'],
  ] as [string, CacheRequest['headers'], string, string?][])(
    '%s with %o is cached as "%s"',
    (url, headers, key, method = 'GET') => {
      expect(pageCacheKey(request(url, headers, method), options)).toEqual({ key, locale: key.slice(0, 2) });
    },
  );

  it.each([
    // Only GET and HEAD: a server action or any form is a POST.
    [request('/login', {}, 'POST'), 'method'],
    [request('/login', {}, 'OPTIONS'), 'method'],
    // Only the exact URLs: link pages, personal pages, API routes, unknown or extra queries.
    [request('/welcome'), 'url'],
    [request('/reset-password'), 'url'],
    [request('/login/code'), 'url'],
    [request('/account'), 'url'],
    [request('/admin'), 'url'],
    [request('/api/auth/csrf'), 'url'],
    [request('/help/no-such-topic'), 'url'],
    [request('/help?q=password'), 'url'],
    [request('/login?signedOut=2'), 'url'],
    [request('/login?signedOut=1&reset=1'), 'url'],
    [request('/login?x=1'), 'url'],
    [request('/login?'), 'url'],
    [request('/login/'), 'url'],
    [request('/LOGIN'), 'url'],
    [request('/login?_rsc=abc'), 'url'],
    [request('/login#x'), 'url'],
    // Client navigations, prefetches and server actions get RSC payloads, not this HTML.
    [request('/login', { rsc: '1' }), 'router header'],
    [request('/login', { 'next-router-state-tree': '%5B%5D' }), 'router header'],
    [request('/login', { 'next-router-prefetch': '1' }), 'router header'],
    [request('/login', { 'next-router-segment-prefetch': '/_tree' }), 'router header'],
    [request('/login', { 'next-action': 'abc' }), 'router header'],
    [request('/login', { 'next-url': '/help' }), 'router header'],
    [request('/login', { 'x-nextjs-data': '1' }), 'router header'],
    [request('/login', { 'x-middleware-subrequest': 'proxy' }), 'router header'],
    [request('/login', { 'x-matched-path': '/help' }), 'router header'],
    // Any cookie but the language: a session above all (a signed-in person is redirected).
    [request('/login', { cookie: 'gatehouse.session=abc' }), 'cookie'],
    [request('/login', { cookie: '__Host-gatehouse.session=abc' }), 'cookie'],
    [request('/login', { cookie: 'gatehouse.locale=en; gatehouse.csrf=x' }), 'cookie'],
    [request('/login', { cookie: 'garbage' }), 'cookie'],
    [request('/login', { cookie: '__prerender_bypass=1' }), 'cookie'],
    // The language cookie only when it is exactly one known value: Next.js reads the Cookie
    // header its own way (it URL-decodes values and the last of two names wins), so anything
    // the two readings could disagree on would store one language's page under another's key.
    [request('/login', { cookie: 'gatehouse.locale=%6e%6c', 'accept-language': 'en' }), 'cookie'],
    [request('/login', { cookie: 'gatehouse.locale=en; gatehouse.locale=nl' }), 'cookie'],
    [request('/login', { cookie: 'gatehouse.locale=nl; gatehouse.locale=nl' }), 'cookie'],
    [request('/login', { cookie: 'gatehouse.locale =nl', 'accept-language': 'en' }), 'cookie'],
    [request('/login', { cookie: 'gatehouse.locale= nl', 'accept-language': 'en' }), 'cookie'],
    [request('/login', { cookie: 'gatehouse.locale="nl"', 'accept-language': 'en' }), 'cookie'],
    [request('/login', { cookie: 'gatehouse.locale=NL', 'accept-language': 'en' }), 'cookie'],
    [request('/login', { cookie: 'gatehouse.locale=xx', 'accept-language': 'en' }), 'cookie'],
    [request('/login', { cookie: 'gatehouse.locale' }), 'cookie'],
    // Another address than APP_URL: the page names what the browser typed.
    [request('/login', { 'x-seen': 'care.example.org.evil.example' }), 'host'],
    [request('/login', { 'x-seen': '10.0.0.5:3000' }), 'host'],
    [{ method: 'GET', url: '/login', headers: { 'user-agent': CHROME } }, 'host'],
    // Crawlers get their metadata rendered another way by Next.js.
    [request('/login', { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }), 'bot'],
    [request('/login', { 'user-agent': 'Mozilla/5.0 (compatible; bingbot/2.0)' }), 'bot'],
  ] as const)('bypass %#: %o (%s)', (req, reason) => {
    expect(pageCacheKey(req, options)).toEqual({ bypass: reason });
  });

  it('has a closed set of URLs, as the pages declare them: every help topic, nothing with a free-form query', () => {
    // Six fixed pages, then one per help topic (a new topic is cacheable without touching this).
    expect(cacheableUrls.size).toBe(6 + helpTopics.length);
    for (const topic of helpTopics) expect(cacheableUrls.has(`/help/${topic}`)).toBe(true);
    for (const url of cacheableUrls)
      expect(url).toMatch(/^\/(login|forgot-password|help)(\/[a-z-]+)?(\?(signedOut|reset)=1)?$/);
  });

  it('lets a page declare only its own address', () => {
    expect(routePattern('app/(auth)/login').test('/login')).toBe(true);
    expect(routePattern('app/help/[topic]').test('/help/no-email')).toBe(true);
    expect(routePattern('app/help/[topic]').test('/help/a/b')).toBe(false);
    expect(checkDeclaration('app/(auth)/login', ['/login?reset=1'])).toEqual(['/login?reset=1']);
    expect(() => checkDeclaration('app/(auth)/login', ['/account'])).toThrow(/not this page's address/);
    expect(() => checkDeclaration('app/help', '/help')).toThrow(/a list of URLs/);
  });

  it("lets the edge's own render through to Next, whatever is kept", () => {
    expect(pageCacheKey(request('/login', { 'x-gatehouse-page-fill': '1' }), options)).toEqual({
      bypass: 'fill',
    });
  });

  it('reads cookies the way browsers send them', () => {
    expect(parseCookies('a=1; b = 2;c=x=y; ;flag')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
      { name: 'c', value: 'x=y' },
      { name: 'flag', value: '' },
    ]);
    expect(parseCookies(undefined)).toEqual([]);
  });
});

const NONCE = 'AqhOPtwRG5mmlUA6ED9/Rg==';
const CSP = `default-src 'self'; script-src 'self' 'nonce-${NONCE}' 'strict-dynamic'; object-src 'none'`;
const page = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': CSP,
  'cache-control': 'no-store',
};

describe('page cache: which answers are kept', () => {
  it.each([
    [200, page, true],
    [404, page, false],
    [307, { ...page, location: '/admin' }, false],
    [500, page, false],
    [200, { ...page, 'set-cookie': ['a=1'] }, false],
    [200, { ...page, 'content-encoding': 'gzip' }, false],
    [200, { ...page, 'content-type': 'text/x-component' }, false],
    [200, { ...page, 'content-security-policy': "default-src 'self'" }, false],
    [200, { ...page, 'content-security-policy': `${CSP}; style-src 'nonce-other'` }, false],
  ] as const)('status %i with %o: %s', (status, headers, expected) => {
    expect(storable(status, headers)).toBe(expected);
  });

  it('keeps only a whole document', () => {
    expect(completePage('<!DOCTYPE html><html><body></body></html>\n')).toBe(true);
    expect(completePage('<!DOCTYPE html><html><body><main>')).toBe(false);
    expect(completePage('')).toBe(false);
  });

  it('finds the one nonce of a policy', () => {
    expect(nonceOf(CSP)).toBe(NONCE);
    expect(nonceOf("script-src 'self'")).toBeNull();
    expect(nonceOf(undefined)).toBeNull();
  });
});

describe('page cache: a kept page with a new nonce', () => {
  const body = `<link nonce="${NONCE}"><script nonce="${NONCE}">self.__next_f.push([1,"{\\"nonce\\":\\"${NONCE}\\"}"])</script>`;
  const entry = makeEntry(
    {
      ...page,
      date: 'Fri, 27 Nov 2026 23:20:24 GMT',
      'x-request-id': 'abc',
      'content-length': '123',
      connection: 'close',
      vary: 'rsc, Accept-Encoding',
    },
    body,
  );

  it('puts the new nonce everywhere the old one was, in the body and the policy', () => {
    const fresh = withNonce(entry, 'NEWnonce+/==');
    expect(fresh.body).toBe(body.replaceAll(NONCE, 'NEWnonce+/=='));
    expect(fresh.body).not.toContain(NONCE);
    expect(fresh.csp).toBe(CSP.replace(NONCE, 'NEWnonce+/=='));
  });

  it('keeps the page headers, not those of the one answer', () => {
    expect(Object.fromEntries(entry.headers)).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      vary: 'rsc, Accept-Encoding',
    });
  });
});

describe('page cache: compression as Next.js negotiates it', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['br', null],
    ['br, zstd', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'gzip'],
    ['deflate', 'deflate'],
    ['deflate, gzip;q=0.5', 'deflate'],
    ['gzip;q=0, deflate', 'deflate'],
    ['gzip;q=0', null],
    ['*', 'gzip'],
    ['*, gzip;q=0', 'deflate'],
    ['GZIP', 'gzip'],
  ] as const)('Accept-Encoding %o: %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe('page cache: the store', () => {
  it('forgets an entry once its time is up', () => {
    const store = new PageStore<string>(1000, 10);
    store.set('a', 'page a', 0);
    expect(store.get('a', 999)).toBe('page a');
    expect(store.get('a', 1000)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('keeps at most its cap, the oldest stored leaving first', () => {
    const store = new PageStore<string>(1000, 2);
    store.set('a', 'a0', 0);
    store.set('b', 'b0', 0);
    store.set('a', 'a1', 1);
    store.set('c', 'c2', 2);
    expect(store.size).toBe(2);
    expect(store.get('b', 3)).toBeUndefined();
    expect(store.get('a', 3)).toBe('a1');
    expect(store.get('c', 3)).toBe('c2');
  });
});
