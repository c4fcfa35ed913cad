'use client';

import { useTranslations } from 'next-intl';

/** Unexpected failures end here: a plain message, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations('errors');
  return (
    <main id="main" className="card">
      <h1>{t('serverTitle')}</h1>
      <p>{t('server')}</p>
      <button type="button" onClick={reset}>
        {t('tryAgain')}
      </button>
    </main>
  );
}
