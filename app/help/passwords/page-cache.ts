/** The edge may keep this page for every anonymous visitor (edge/page-cache.ts): text only. */
export const cacheableUrls: readonly string[] = ['/help/passwords'];
