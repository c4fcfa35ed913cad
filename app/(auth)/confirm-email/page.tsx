import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { openLanding } from '@/lib/links/landing';
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
  return (
    <main id="main" className="card">
      <ConfirmEmailForm
        token={token ?? ''}
        problem={problem}
        account={problem ? null : { name: link.name, currentEmail: link.email, newEmail: link.sentTo }}
      />
    </main>
  );
}
