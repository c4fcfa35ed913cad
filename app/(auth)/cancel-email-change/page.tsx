import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/lib/db/client';
import { openLanding } from '@/lib/links/landing';
import { pendingEmailChange } from '@/lib/accounts/pending-email-change';
import { CancelEmailChangeForm } from './cancel-email-change-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('cancelEmailChange');
  return { title: t('title') };
}

/**
 * The old address of a staff-requested email change lands here. Opening the link only
 * looks; pressing the button cancels the change.
 */
export default async function CancelEmailChangePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token, link, problem } = await openLanding('/cancel-email-change', searchParams);
  const pending = problem ? null : await pendingEmailChange(await getDb(), link.userId);
  return (
    <main id="main" className="card">
      <CancelEmailChangeForm
        token={token ?? ''}
        problem={problem}
        email={link?.email ?? ''}
        newEmail={pending?.newEmail ?? null}
      />
    </main>
  );
}
