import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { landingToken } from '@/lib/auth/landing-token';
import { env } from '@/lib/env';
import { getDb } from '@/lib/db/client';
import { inspectLinkFor } from '@/lib/accounts/links';
import { currentClientIp } from '@/lib/auth/request-context';
import { LinkProblem } from '@/components/link-problem';
import { NewPasswordForm } from '@/components/new-password-form';
import { resetPasswordAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('resetPassword');
  return { title: t('title') };
}

/** Opening the link only looks at it; choosing the new password uses it. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const token = await landingToken('/reset-password', searchParams);
  const link = await inspectLinkFor(await getDb(), token, await currentClientIp());
  const t = await getTranslations('resetPassword');
  let content;
  if (link.purpose !== undefined && link.purpose !== 'reset') {
    content = <LinkProblem state="unknown" />;
  } else if (link.accountStatus === 'deactivated') {
    content = <LinkProblem state="deactivated" />;
  } else if (link.state !== 'valid') {
    content = (
      <>
        <LinkProblem state={link.state} kind="reset" />
        <p>
          <Link href="/forgot-password">{t('requestNew')}</Link>
        </p>
      </>
    );
  } else {
    content = (
      <>
        <h1>{t('title')}</h1>
        <p>{t('intro', { email: link.email! })}</p>
        <NewPasswordForm
          token={token as string}
          email={link.email!}
          name={link.name}
          platformName={env.PLATFORM_NAME}
          minLength={env.PASSWORD_MIN_LENGTH}
          action={resetPasswordAction}
          texts="resetPassword"
        />
      </>
    );
  }
  return (
    <main id="main" className="card">
      {content}
    </main>
  );
}
