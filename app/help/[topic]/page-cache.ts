import { helpTopics } from '@/lib/help/topics';

/** The edge may keep every help topic for every anonymous visitor (edge/page-cache.ts): text only, one page per known topic. */
export const cacheableUrls: readonly string[] = helpTopics.map((topic) => `/help/${topic}`);
