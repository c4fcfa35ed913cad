/** Languages the catalogs cover (lib/i18n/messages/<locale>.json, same keys in each). */
export const locales = ['en', 'nl'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'nl';

export function isLocale(value: unknown): value is Locale {
  return locales.some((l) => l === value);
}
export const LOCALE_COOKIE = 'gatehouse.locale';

/** The language choice: a year, whole site, not for scripts; Secure over https. */
export function localeCookieOptions(secure: boolean) {
  return { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' as const, httpOnly: true, secure };
}

/**
 * Picks the language, in order: the person's saved choice, the language switch (cookie),
 * the browser's Accept-Language in order of preference, then the deployment's default.
 */
export function negotiateLocale(
  cookieValue: string | undefined,
  acceptLanguage: string | null,
  options: { saved?: string | null; fallback?: Locale } = {},
): Locale {
  const supported = (tag: string | undefined | null) =>
    locales.find((l) => l === tag?.toLowerCase().split('-')[0]);
  const saved = supported(options.saved);
  if (saved) return saved;
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
  return options.fallback ?? defaultLocale;
}
