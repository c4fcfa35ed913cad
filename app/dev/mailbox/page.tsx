import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireRole } from '@/lib/auth/current-user';
import { listMailbox } from '@/lib/email/mailbox';

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
        <table>
          <thead>
            <tr>
              <th scope="col">{t('mailbox.to')}</th>
              <th scope="col">{t('mailbox.subject')}</th>
              <th scope="col">{t('mailbox.when')}</th>
              <th scope="col">{t('accountPage.emailStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((e) => (
              <tr key={e.id}>
                <td>{e.toAddress}</td>
                <td>
                  <Link href={`/dev/mailbox/${e.id}`}>{e.subject ?? t(`emailKinds.${e.template}` as never)}</Link>
                </td>
                <td>{format.dateTime(e.createdAt, { dateStyle: 'medium', timeStyle: 'medium' })}</td>
                <td>{t(`emailStatuses.${e.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
