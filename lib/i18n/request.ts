import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { env } from '@/lib/env';
import { getCurrentUser } from '@/lib/auth/current-user';
import { authCookies } from '@/lib/auth/cookies';
import { LOCALE_COOKIE, negotiateLocale } from './locales';

export default getRequestConfig(async () => {
  // The signed-in person's saved choice comes first (getCurrentUser is memoised per request).
  // Without a session cookie there is nobody signed in: next-auth is not asked (it would
  // make a CSRF token and hash it, ~1 ms of every anonymous page and 404, see docs/performance.md).
  const jar = await cookies();
  const user = jar.has(authCookies(env.secureCookies).sessionToken.name)
    ? await getCurrentUser().catch(() => null)
    : null;
  const locale = negotiateLocale(jar.get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language'), {
    saved: user?.locale,
    fallback: env.DEFAULT_LOCALE,
  });
  // The help center's texts live in their own files (messages/help/) and join under "help".
  const [main, help] = await Promise.all([
    import(`./messages/${locale}.json`),
    import(`./messages/help/${locale}.json`),
  ]);
  return { locale, messages: { ...main.default, ...help.default } };
});
