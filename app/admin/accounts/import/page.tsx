import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireRole, STAFF_ROLES } from '@/lib/auth/current-user';
import { UploadForm } from './upload-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('importAccounts');
  return { title: t('title') };
}

/** Step one of an import: the file. Nothing is created before its preview is confirmed. */
export default async function ImportPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const user = await requireRole(STAFF_ROLES);
  const t = await getTranslations('importAccounts');
  const { error } = await searchParams;
  const intro =
    user.role === 'counselor'
      ? t('introCounselor')
      : user.role === 'helpdesk'
        ? t('introHelpdesk')
        : t('intro');
  return (
    <main id="main" className="card">
      <h1>{t('title')}</h1>
      <p>{intro}</p>
      {error === 'not_found' && (
        <p role="alert" className="field-error">
          {t('errors.not_found')}
        </p>
      )}
      <h2>{t('formatTitle')}</h2>
      <p>{t('formatRoles')}</p>
      <UploadForm />
    </main>
  );
}
