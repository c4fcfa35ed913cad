'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';

/**
 * The file upload. Without JavaScript it is a plain multipart post to the upload route,
 * answered with the preview (or a page saying what is wrong with the file); with it, the
 * answer comes back as JSON and a problem shows here, beside the field.
 */
export function UploadForm() {
  const t = useTranslations('importAccounts');
  const router = useRouter();
  const [error, setError] = useState<{ message: string; attempt: number } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    try {
      const response = await fetch(event.currentTarget.action, {
        method: 'POST',
        body: new FormData(event.currentTarget),
        headers: { accept: 'application/json' },
      });
      const answer = (await response.json().catch(() => ({}))) as { location?: string; message?: string };
      if (response.ok && answer.location) return router.push(answer.location);
      setError({ message: answer.message ?? t('errors.not_text'), attempt: (error?.attempt ?? 0) + 1 });
      setPending(false);
    } catch {
      setError({ message: t('errors.no_file'), attempt: (error?.attempt ?? 0) + 1 });
      setPending(false);
    }
  }

  return (
    <>
      {error && (
        <Alert key={error.attempt} title={t('errorTitle')}>
          <p>{error.message}</p>
        </Alert>
      )}
      <form
        method="post"
        action="/admin/accounts/import/upload"
        encType="multipart/form-data"
        onSubmit={onSubmit}
        noValidate
      >
        <div className="field">
          <label htmlFor="file">{t('file')}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby="file-hint"
          />
          <p id="file-hint" className="hint">
            {t('format')}
          </p>
        </div>
        <button type="submit" aria-disabled={pending}>
          {pending ? t('uploading') : t('upload')}
        </button>
      </form>
    </>
  );
}
