import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { openLanding } from '@/lib/links/landing';
import { LinkProblem } from '@/components/link-problem';
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
  const t = await getTranslations('unblock');
  return (
    <main id="main" className="card">
      {problem ? (
        <LinkProblem state={problem} />
      ) : (
        <>
          <h1>{t('title')}</h1>
          <p>{t('intro', { email: link.email })}</p>
          <UnblockForm token={token} />
        </>
      )}
    </main>
  );
}
