'use client';

import { usePathname } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';

const NAMES = { en: 'English', nl: 'Nederlands' } as const;

/**
 * Two buttons, each naming its language in that language; a plain form post, so it works
 * without JavaScript. `action` is the server action that keeps the choice (app/actions).
 */
export function LanguageSwitch({ action }: { action: (formData: FormData) => Promise<void> }) {
  const t = useTranslations('common');
  const current = useLocale();
  const pathname = usePathname();
  return (
    <form action={action} className="language-switch" aria-label={t('language')}>
      <input type="hidden" name="back" value={pathname} />
      {(Object.keys(NAMES) as (keyof typeof NAMES)[]).map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          className="link-button"
          aria-current={current === locale ? 'true' : undefined}
        >
          {NAMES[locale]}
        </button>
      ))}
    </form>
  );
}
