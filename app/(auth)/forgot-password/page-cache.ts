/** The edge may keep this page for every anonymous visitor (edge/page-cache.ts): a form and its text, nothing per visitor but the language. */
export const cacheableUrls: readonly string[] = ['/forgot-password'];
