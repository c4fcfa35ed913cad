import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locales';

describe('locale negotiation', () => {
  it('prefers a supported cookie, then Accept-Language, then the default', () => {
    expect(negotiateLocale('en', 'fr')).toBe('en');
    expect(negotiateLocale('xx', 'fr;q=0.9, en-GB;q=0.8')).toBe('en');
    expect(negotiateLocale(undefined, null)).toBe('en');
  });
});
