import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { openLanding } from '@/lib/links/landing';
import { LinkProblem } from '@/components/link-problem';
import { ChoosePassword } from '@/components/choose-password';
import { setPasswordAction } from './actions';
import { RenewLinkForm } from './renew-link-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('welcome');
  return { title: t('title') };
}

/** Opening the link only looks at it: mail scanners open links too. Submitting the form uses it. */
export default async function WelcomePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token, link, problem } = await openLanding('/welcome', searchParams);
  const t = await getTranslations('welcome');
  let content;
  if (problem) {
    const renewable =
      (problem === 'expired' || problem === 'superseded') && link?.accountStatus === 'invited';
    content = (
      <>
        <LinkProblem state={problem} renewable={renewable} />
        {renewable && <RenewLinkForm token={token!} />}
      </>
    );
  } else {
    content = (
      <ChoosePassword
        title={t('title')}
        intro={t('intro', { platform: env.PLATFORM_NAME, name: link.name, email: link.email })}
        token={token}
        email={link.email}
        name={link.name}
        action={setPasswordAction}
        texts="welcome"
      />
    );
  }
  return (
    <main id="main" className="card">
      {content}
    </main>
  );
}
