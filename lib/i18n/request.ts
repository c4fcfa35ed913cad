import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { env } from '@/lib/env';
import { getCurrentUser } from '@/lib/auth/current-user';
import { LOCALE_COOKIE, negotiateLocale } from './locales';

export default getRequestConfig(async () => {
  // The signed-in person's saved choice comes first (getCurrentUser is memoised per request).
  const user = await getCurrentUser().catch(() => null);
  const locale = negotiateLocale(
    (await cookies()).get(LOCALE_COOKIE)?.value,
    (await headers()).get('accept-language'),
    {
      saved: user?.locale,
      fallback: env.DEFAULT_LOCALE,
    },
  );
  // The help center's texts live in their own files (messages/help/) and join under "help".
  const [main, help] = await Promise.all([
    import(`./messages/${locale}.json`),
    import(`./messages/help/${locale}.json`),
  ]);
  return { locale, messages: { ...main.default, ...help.default } };
});
