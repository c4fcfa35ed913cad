import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { openLanding } from '@/lib/links/landing';
import { LinkProblem } from '@/components/link-problem';
import { ChoosePassword } from '@/components/choose-password';
import { resetPasswordAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('resetPassword');
  return { title: t('title') };
}

/** Opening the link only looks at it; choosing the new password uses it. */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token, link, problem } = await openLanding('/reset-password', searchParams);
  const t = await getTranslations('resetPassword');
  let content;
  if (problem) {
    content = (
      <>
        <LinkProblem state={problem} kind="reset" />
        {problem !== 'deactivated' && (
          <p>
            <Link href="/forgot-password">{t('requestNew')}</Link>
          </p>
        )}
      </>
    );
  } else {
    content = (
      <ChoosePassword
        title={t('title')}
        intro={t('intro', { email: link.email })}
        token={token}
        email={link.email}
        name={link.name}
        action={resetPasswordAction}
        texts="resetPassword"
      />
    );
  }
  return (
    <main id="main" className="card">
      {content}
    </main>
  );
}
