import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locales, negotiateLocale } from './locales';

describe('locale negotiation', () => {
  it('prefers the saved choice, then the cookie, then Accept-Language, then the default', () => {
    expect(negotiateLocale('en', 'nl', { saved: 'nl' })).toBe('nl');
    expect(negotiateLocale('en', 'nl-NL')).toBe('en');
    expect(negotiateLocale('xx', 'fr;q=0.9, nl-BE;q=0.8, en;q=0.7')).toBe('nl');
    expect(negotiateLocale(undefined, 'en-GB,en;q=0.9')).toBe('en');
    expect(negotiateLocale(undefined, 'fr', { fallback: 'en' })).toBe('en');
    expect(negotiateLocale(undefined, null)).toBe('nl');
  });
});

/** Every key path of a nested catalog, with the placeholders of its message. */
function entries(obj: Record<string, unknown>, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object')
      for (const [kk, vv] of entries(v as Record<string, unknown>, key)) out.set(kk, vv);
    // A placeholder is {name} or {name, plural …}; the text of a plural branch ("one {Signed in}") is not one.
    else
      out.set(
        key,
        [...String(v).matchAll(/(?<!(?:zero|one|two|few|many|other|=\d+)\s*)\{\s*(\w+)\s*[},]/g)]
          .map((m) => m[1]!)
          .sort(),
      );
  }
  return out;
}

describe.each([
  ['app', 'lib/i18n/messages'],
  ['email', 'emails/messages'],
  ['help', 'lib/i18n/messages/help'],
])('%s catalogs', (_name, dir) => {
  const load = (locale: string) =>
    JSON.parse(fs.readFileSync(path.join(process.cwd(), dir, `${locale}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
  const reference = entries(load('en'));

  it.each(locales.filter((l) => l !== 'en'))('%s has exactly the keys and placeholders of en', (locale) => {
    const other = entries(load(locale));
    expect([...other.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [key, placeholders] of reference) expect(other.get(key), key).toEqual(placeholders);
  });
});
