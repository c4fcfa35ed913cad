import { describe, expect, it } from 'vitest';
import { isCrawler } from './crawlers';

describe('crawlers', () => {
  it('names the crawlers Next.js renders differently for, and no browser', () => {
    for (const ua of [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'facebookexternalhit/1.1',
      'AdsBot-Google (+http://www.google.com/adsbot.html)',
      'WhatsApp/2.23.20.0',
    ])
      expect(isCrawler(ua), ua).toBe(true);
    for (const ua of [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      '',
    ])
      expect(isCrawler(ua), ua).toBe(false);
  });
});
