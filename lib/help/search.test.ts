import { describe, expect, it } from 'vitest';
import en from '@/lib/i18n/messages/help/en.json';
import nl from '@/lib/i18n/messages/help/nl.json';
import { searchHelp, fillPlaceholders, queryWords, type HelpCatalog } from './search';
import {
  helpHref,
  helpTopicKeys,
  helpTopics,
  isHelpCatalog,
  isHelpTopic,
  topicSections,
  type HelpValues,
} from './topics';

// Typed assignment: a catalog that no longer fits HelpCatalog fails the type check.
const catalogs: Record<'en' | 'nl', HelpCatalog> = { en: en.help, nl: nl.help };

const values: HelpValues = {
  platform: 'Zorgplein Noord',
  url: 'https://zorg.example.nl',
  helpdesk: 'the helpdesk (088 123 4567)',
};

describe('searchHelp', () => {
  it.each(['en', 'nl'] as const)('"spam" finds "I didn\'t receive an email" first (%s)', (locale) => {
    const results = searchHelp(catalogs[locale], 'spam', values);
    expect(results[0]?.topic).toBe('no-email');
    expect(results[0]?.snippet.toLowerCase()).toContain('spam');
  });

  it('finds the deactivated topic in both languages', () => {
    expect(searchHelp(catalogs.en, 'deactivated', values)[0]?.topic).toBe('deactivated');
    expect(searchHelp(catalogs.nl, 'gedeactiveerd', values)[0]?.topic).toBe('deactivated');
    expect(searchHelp(catalogs.en, 'DEACTIVATED', values)[0]?.topic).toBe('deactivated');
  });

  it.each(['', '   ', 'x', '?!', 'xyzzy', 'quantum zebra', 'spam xyzzy'])(
    'returns nothing for %j',
    (query) => {
      expect(searchHelp(catalogs.en, query, values)).toEqual([]);
      expect(searchHelp(catalogs.nl, query, values)).toEqual([]);
    },
  );

  it('ignores accents in the query and in the text', () => {
    expect(nl.help.topics.clientSignIn.sections.s1.body).toContain('Cliënten');
    const plain = searchHelp(catalogs.nl, 'clienten', values).map((r) => r.topic);
    expect(plain).toContain('client-sign-in');
    expect(searchHelp(catalogs.nl, 'CLIËNT', values)[0]?.topic).toBe('client-sign-in');
    expect(searchHelp(catalogs.nl, 'één keer', values).map((r) => r.topic)).toEqual(
      searchHelp(catalogs.nl, 'een keer', values).map((r) => r.topic),
    );
  });

  it('needs every word of the query, in any field of the topic', () => {
    const results = searchHelp(catalogs.en, 'spam welcome', values).map((r) => r.topic);
    expect(results).toContain('client-sign-in');
    expect(results).not.toContain('deactivated');
    expect(searchHelp(catalogs.en, 'deactivated spam', values)).toEqual([]);
  });

  it('ranks topics with the words in their title first', () => {
    const results = searchHelp(catalogs.en, 'password', values).map((r) => r.topic);
    expect(results.slice(0, 2).sort()).toEqual(['choosing-a-password', 'forgot-password']);
    expect(searchHelp(catalogs.nl, 'platform', values)[0]?.topic).toBe('right-platform');
  });

  it('searches the text with placeholders filled in', () => {
    expect(searchHelp(catalogs.en, 'zorgplein', values)[0]?.topic).toBe('right-platform');
    expect(searchHelp(catalogs.en, 'zorg.example.nl', values).map((r) => r.topic)).toContain(
      'client-sign-in',
    );
    expect(searchHelp(catalogs.en, '4567', values).map((r) => r.topic)).toContain('deactivated');
    expect(
      searchHelp(catalogs.en, 'helpdesk platform url', values).every(
        (r) => !/[{}]/.test(r.title + r.snippet),
      ),
    ).toBe(true);
    // Placeholder names are not text: the English help never says "url" itself.
    expect(searchHelp(catalogs.en, 'url', { ...values, url: 'https://a.example' })).toEqual([]);
  });

  it('returns a short snippet around the first match, from the original text', () => {
    for (const locale of ['en', 'nl'] as const) {
      for (const query of ['spam', 'caps lock', '7', 'helpdesk', 'platform']) {
        for (const r of searchHelp(catalogs[locale], query, values)) {
          expect(r.snippet.length, `${locale} ${query} ${r.topic}`).toBeGreaterThan(10);
          expect(r.snippet.length, `${locale} ${query} ${r.topic}`).toBeLessThanOrEqual(220);
        }
      }
    }
    const [caps] = searchHelp(catalogs.en, 'caps lock', values);
    expect(caps?.topic).toBe('cant-sign-in');
    expect(caps?.snippet).toContain('Caps Lock');
    const [gedeactiveerd] = searchHelp(catalogs.nl, 'gedeactiveerd', values);
    expect(gedeactiveerd?.snippet).toMatch(/gedeactiveerd/i);
  });

  it('cuts very long queries instead of failing', () => {
    const words = queryWords(`spam ${'a'.repeat(5000)}`);
    expect(words[0]).toBe('spam');
    expect(words.join(' ').length).toBeLessThanOrEqual(200);
    expect(queryWords(Array.from({ length: 50 }, (_, i) => `word${i}`).join(' '))).toHaveLength(8);
    expect(queryWords('Wachtwoord  VERGETEN?')).toEqual(['wachtwoord', 'vergeten']);
  });
});

describe('help catalogs', () => {
  it.each(['en', 'nl'] as const)(
    '%s: every topic has a title, a summary and 2 to 5 sections using only known placeholders',
    (locale) => {
      const catalog = catalogs[locale];
      expect(isHelpCatalog(catalog)).toBe(true);
      for (const slug of helpTopics) {
        const topic = catalog.topics[helpTopicKeys[slug]];
        expect(topic.title.length).toBeGreaterThan(0);
        expect(topic.summary.length).toBeGreaterThan(0);
        const sections = topicSections(topic);
        expect(sections.length).toBeGreaterThanOrEqual(2);
        expect(sections.length).toBeLessThanOrEqual(5);
        // Sections are numbered without gaps: s1, s2, ...
        expect(sections).toEqual(sections.map((_, i) => `s${i + 1}`));
        const texts = [
          topic.title,
          topic.summary,
          ...sections.flatMap((s) => [topic.sections[s]!.heading, topic.sections[s]!.body]),
        ];
        for (const text of texts) {
          expect(text.length).toBeGreaterThan(0);
          expect(fillPlaceholders(text, values), `${slug}: ${text}`).not.toMatch(/[{}]/);
        }
      }
      expect(catalog.topics.noEmail.summary).toMatch(/spam/);
    },
  );
});

describe('topics', () => {
  it('recognises slugs and builds links', () => {
    expect(isHelpTopic('no-email')).toBe(true);
    expect(isHelpTopic('noEmail')).toBe(false);
    expect(isHelpTopic('passwords')).toBe(false);
    expect(isHelpTopic('toString')).toBe(false);
    expect(helpHref('no-email')).toBe('/help/no-email');
    expect(helpHref('no-email', 's2')).toBe('/help/no-email#s2');
  });
});
