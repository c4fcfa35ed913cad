import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requireRole } from '@/lib/auth/current-user';
import { readMailboxEmail } from '@/lib/email/mailbox';

export default async function MailboxEmailPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole(['application_manager']);
  const { id } = await params;
  const email = await readMailboxEmail(id);
  if (!email) notFound();
  const t = await getTranslations('mailbox');
  return (
    <>
      <p>
        <Link href="/dev/mailbox">{t('back')}</Link>
      </p>
      <h1>{email.subject}</h1>
      <dl className="facts">
        <dt>{t('to')}</dt>
        <dd>{email.toAddress}</dd>
      </dl>
      <h2>{t('htmlPart')}</h2>
      {/* sandbox="" : the email's HTML can neither run scripts nor reach this page. */}
      <iframe title={t('htmlPart')} sandbox="" srcDoc={email.html} className="mail-frame" />
      <h2>{t('textPart')}</h2>
      <pre className="mail-text">{email.text}</pre>
    </>
  );
}
