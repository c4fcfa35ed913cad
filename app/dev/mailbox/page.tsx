import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole } from '@/lib/auth/current-user';
import { listMailbox } from '@/lib/email/mailbox';
import { DataTable } from '@/components/ui/data-table';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mailbox');
  return { title: t('title') };
}

export default async function MailboxPage() {
  await requireRole(['application_manager']);
  const t = await getTranslations();
  const format = await getFormatter();
  const emails = await listMailbox();
  return (
    <>
      <h1>{t('mailbox.title')}</h1>
      {emails.length === 0 ? (
        <p>{t('mailbox.empty')}</p>
      ) : (
        <DataTable
          rows={emails}
          rowKey={(e) => e.id}
          columns={[
            { header: t('mailbox.to'), cell: (e) => e.toAddress },
            {
              header: t('mailbox.subject'),
              cell: (e) => (
                <Link href={`/dev/mailbox/${e.id}`}>
                  {e.subject ?? t(`emailKinds.${e.template}` as never)}
                </Link>
              ),
            },
            {
              header: t('mailbox.when'),
              cell: (e) => format.dateTime(e.createdAt, { dateStyle: 'medium', timeStyle: 'medium' }),
            },
            { header: t('accountPage.emailStatus'), cell: (e) => t(`emailStatuses.${e.status}`) },
          ]}
        />
      )}
    </>
  );
}
