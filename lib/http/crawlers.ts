/**
 * Which visitors are crawlers, as one definition for Next.js and the edge's page cache.
 * Next.js renders a page's metadata differently for crawlers ("HTML-limited bots" get it in
 * the head instead of streamed), so the page cache must never keep a crawler's page for a
 * browser nor the other way round. next.config.ts hands HTML_LIMITED_BOTS to Next as its
 * public `htmlLimitedBots` option, and the page cache bypasses every user agent isCrawler
 * names: both read the same list, whatever a Next.js upgrade changes in its default.
 *
 * The list is Next.js 16's default (its html-bots module), kept here in the open.
 */
export const HTML_LIMITED_BOTS =
  /[\w-]+-Google|Google-[\w-]+|Chrome-Lighthouse|Slurp|DuckDuckBot|baiduspider|yandex|sogou|bitlybot|tumblr|vkShare|quora link preview|redditbot|ia_archiver|Bingbot|BingPreview|applebot|facebookexternalhit|facebookcatalog|Twitterbot|LinkedInBot|Slackbot|Discordbot|WhatsApp|SkypeUriPreview|Yeti|googleweblight/i;

/** Googlebot runs JavaScript, and Next.js treats it as a crawler of its own kind besides the list above. */
const DOM_CRAWLER = /Googlebot/i;

export function isCrawler(userAgent: string): boolean {
  return DOM_CRAWLER.test(userAgent) || HTML_LIMITED_BOTS.test(userAgent);
}
