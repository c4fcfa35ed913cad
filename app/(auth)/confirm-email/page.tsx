import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { openLanding } from '@/lib/links/landing';
import { LinkProblem } from '@/components/link-problem';
import { ConfirmEmailForm } from './confirm-email-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('confirmEmail');
  return { title: t('title') };
}

/**
 * The new address of a staff-requested email change lands here. Opening the link only
 * looks at it; the change happens when the form is sent with the account's password.
 */
export default async function ConfirmEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token, link, problem } = await openLanding('/confirm-email', searchParams);
  const t = await getTranslations('confirmEmail');
  return (
    <main id="main" className="card">
      {problem ? (
        <LinkProblem state={problem} />
      ) : (
        <>
          <h1>{t('title')}</h1>
          <p>{t('intro', { name: link.name, email: link.sentTo })}</p>
          <ConfirmEmailForm token={token} email={link.email} />
        </>
      )}
    </main>
  );
}
