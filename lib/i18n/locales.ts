/** Languages the catalogs cover. Dutch joins with the help-center issue. */
export const locales = ['en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';
export const LOCALE_COOKIE = 'gatehouse.locale';

/** Picks a supported locale: the cookie first, then Accept-Language in order of preference. */
export function negotiateLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  const supported = (tag: string | undefined) => locales.find((l) => l === tag?.toLowerCase().split('-')[0]);
  const fromCookie = supported(cookieValue);
  if (fromCookie) return fromCookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const match = supported(tag);
    if (match) return match;
  }
  return defaultLocale;
}
