import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { openLanding } from '@/lib/links/landing';
import { UnblockForm } from './unblock-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('unblock');
  return { title: t('title') };
}

/** Opening the link only looks at it; pressing the button uses it. */
export default async function UnblockPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token, link, problem } = await openLanding('/unblock', searchParams);
  return (
    <main id="main" className="card">
      <UnblockForm token={token ?? ''} email={link?.email ?? ''} problem={problem} />
    </main>
  );
}
