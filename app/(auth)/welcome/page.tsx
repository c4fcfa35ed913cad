import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { landingToken } from '@/lib/auth/landing-token';
import { env } from '@/lib/env';
import { getDb } from '@/lib/db/client';
import { inspectLinkFor } from '@/lib/accounts/links';
import { currentClientIp } from '@/lib/auth/request-context';
import { LinkProblem } from '@/components/link-problem';
import { NewPasswordForm } from '@/components/new-password-form';
import { setPasswordAction } from './actions';
import { RenewLinkForm } from './renew-link-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('welcome');
  return { title: t('title') };
}

/** Opening the link only looks at it: mail scanners open links too. Submitting the form uses it. */
export default async function WelcomePage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const token = await landingToken('/welcome', searchParams);
  const link = await inspectLinkFor(await getDb(), token, await currentClientIp());
  const t = await getTranslations('welcome');
  let content;
  if (link.purpose !== undefined && link.purpose !== 'welcome') {
    content = <LinkProblem state="unknown" />;
  } else if (link.accountStatus === 'deactivated') {
    // Deactivation voids links; saying "replaced" would send the person looking for an email.
    content = <LinkProblem state="deactivated" />;
  } else if (link.state !== 'valid') {
    const renewable = (link.state === 'expired' || link.state === 'superseded') && link.accountStatus === 'invited';
    content = (
      <>
        <LinkProblem state={link.state} renewable={renewable} />
        {renewable && <RenewLinkForm token={token as string} />}
      </>
    );
  } else {
    content = (
      <>
        <h1>{t('title')}</h1>
        <p>{t('intro', { platform: env.PLATFORM_NAME, name: link.name!, email: link.email! })}</p>
        <NewPasswordForm
          token={token as string}
          email={link.email!}
          name={link.name}
          platformName={env.PLATFORM_NAME}
          minLength={env.PASSWORD_MIN_LENGTH}
          action={setPasswordAction}
          texts="welcome"
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
