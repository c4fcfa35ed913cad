/**
 * The edge may keep the help center's start page for every anonymous visitor
 * (edge/page-cache.ts): text only. Not with ?q= (a search is the visitor's own, and an open
 * set of queries would be an open set of keys).
 */
export const cacheableUrls: readonly string[] = ['/help'];
