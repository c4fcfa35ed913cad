/**
 * The edge may keep this page for every anonymous visitor (edge/page-cache.ts). For someone
 * not signed in it reads no database and no cookie but the language; a session (a cookie)
 * redirects home and bypasses the cache, as does the wrong-address note (another host).
 * Its only queries are the two messages below; any other query is rendered per request.
 */
export const cacheableUrls: readonly string[] = ['/login', '/login?signedOut=1', '/login?reset=1'];
