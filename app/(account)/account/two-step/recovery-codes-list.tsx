'use client';

import { useTranslations } from 'next-intl';

/** Recovery codes shown once, with their download: at enrolment and when renewed. */
export function RecoveryCodesList({ codes, download }: { codes: string[]; download: string }) {
  const t = useTranslations('twoStep');
  return (
    <>
      <ul className="recovery-codes" aria-label={t('codesTitle')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <form action="/account/two-step/recovery-codes" method="post">
        <input type="hidden" name="download" value={download} />
        <button type="submit" className="secondary">
          {t('download')}
        </button>
      </form>
    </>
  );
}
