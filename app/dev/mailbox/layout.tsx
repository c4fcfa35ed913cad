import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { requireRole } from '@/lib/auth/current-user';

/** Exists only without SMTP_URL, and only for application managers. */
export default async function MailboxLayout({ children }: { children: ReactNode }) {
  if (env.SMTP_URL) notFound();
  await requireRole(['application_manager']);
  const t = await getTranslations('mailbox');
  return (
    <main id="main" className="card wide">
      <p className="alert alert-info" role="note">
        <strong>{t('bannerTitle')}</strong> {t('banner')}
      </p>
      {children}
    </main>
  );
}
