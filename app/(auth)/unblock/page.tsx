import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/lib/db/client';
import { inspectLinkFor } from '@/lib/accounts/links';
import { currentClientIp } from '@/lib/auth/request-context';
import { landingToken } from '@/lib/auth/landing-token';
import { LinkProblem } from '@/components/link-problem';
import { UnblockForm } from './unblock-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('unblock');
  return { title: t('title') };
}

/** Opening the link only looks at it; pressing the button uses it. */
export default async function UnblockPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const token = await landingToken('/unblock', searchParams);
  const link = await inspectLinkFor(await getDb(), token, await currentClientIp());
  const t = await getTranslations('unblock');
  const usable = link.state === 'valid' && link.purpose === 'unblock';
  return (
    <main id="main" className="card">
      {usable ? (
        <>
          <h1>{t('title')}</h1>
          <p>{t('intro', { email: link.email! })}</p>
          <UnblockForm token={token as string} />
        </>
      ) : (
        <LinkProblem state={link.state === 'valid' ? 'unknown' : link.state} />
      )}
    </main>
  );
}
