import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { openLanding } from '@/lib/links/landing';
import { SecureAccountForm } from './secure-account-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('secureAccount');
  return { title: t('title') };
}

/** From a new sign-in notice. Opening the link only looks at it; pressing the button uses it. */
export default async function SecureAccountPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token, link, problem } = await openLanding('/secure-account', searchParams);
  return (
    <main id="main" className="card">
      <SecureAccountForm token={token ?? ''} email={link?.email ?? ''} problem={problem} />
    </main>
  );
}
