'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

interface Counts {
  total: number;
  waiting: number;
  sent: number;
  failed: number;
}

/**
 * The welcome emails' progress as the outbox has them. The server renders the numbers at
 * the time of the page (and a refresh link works without JavaScript); with it, the bar
 * follows a small JSON route every second and the page reloads its results once done.
 */
export function ImportProgress({ batchId, initial }: { batchId: string; initial: Counts }) {
  const t = useTranslations('importAccounts');
  const router = useRouter();
  const [counts, setCounts] = useState(initial);
  const done = counts.sent + counts.failed;
  const finished = counts.waiting === 0;

  useEffect(() => {
    if (initial.waiting === 0) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const response = await fetch(`/admin/accounts/import/${batchId}/progress`, { cache: 'no-store' }).catch(
        () => null,
      );
      if (!response?.ok || stopped) return;
      const next = (await response.json()) as Counts;
      setCounts(next);
      if (next.waiting === 0) {
        stopped = true;
        clearInterval(timer);
        router.refresh();
      }
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [batchId, initial.waiting, router]);

  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">{t('progressTitle')}</h2>
      <label htmlFor="progress">{t('progressLabel')}</label>
      <progress id="progress" max={Math.max(counts.total, 1)} value={counts.total === 0 ? 1 : done}>
        {done} / {counts.total}
      </progress>
      <p role="status">
        {t('progressText', {
          done,
          total: counts.total,
          sent: counts.sent,
          failed: counts.failed,
          waiting: counts.waiting,
        })}{' '}
        {finished && t('progressDone')}
      </p>
      {!finished && (
        <p>
          <a href={`/admin/accounts/import/${batchId}`}>{t('refresh')}</a>
        </p>
      )}
    </section>
  );
}
