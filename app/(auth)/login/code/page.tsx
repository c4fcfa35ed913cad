import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getSession, homePathFor, STAGE_PAGE } from '@/lib/auth/current-user';
import { continueAfterSignIn } from '@/lib/oidc/continue-after-sign-in';
import { SignOutButton } from '@/components/sign-out-button';
import { signOutAction } from '@/app/actions/sign-out';
import { listPasskeys } from '@/lib/passkeys/list-passkeys';
import { getTwoStepStatus } from '@/lib/two-step/get-two-step-status';
import { ConfirmWithPasskeyButton } from '@/components/passkeys/confirm-with-passkey-button';
import { SecondStepForm } from './second-step-form';
import { secondStepPasskeyAction, startSecondStepPasskeyAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('twoStep');
  return { title: t('codeTitle') };
}

/** The second step of signing in: only a session that owes a code reaches this page. */
export default async function SecondStepPage() {
  const session = await getSession();
  if (!session) redirect('/login');
  if (session.stage !== 'code')
    redirect(
      session.stage === 'complete'
        ? await continueAfterSignIn(homePathFor(session.user.role))
        : STAGE_PAGE[session.stage],
    );
  const t = await getTranslations('twoStep');
  const tp = await getTranslations('passkeys');
  // Staff may have enrolled a passkey instead of the app: then only the passkey is asked for.
  const [hasPasskeys, codes] = await Promise.all([
    listPasskeys(session.user.id).then((list) => list.length > 0),
    getTwoStepStatus(session.user.id),
  ]);
  return (
    <main id="main" className="card">
      <h1>{t('codeTitle')}</h1>
      {codes.on ? (
        <>
          <p>{t('codeIntro')}</p>
          <SecondStepForm />
        </>
      ) : (
        <p>{tp('secondStepOnlyIntro')}</p>
      )}
      {hasPasskeys && (
        <>
          {codes.on && <p>{tp('secondStepIntro')}</p>}
          <ConfirmWithPasskeyButton
            start={startSecondStepPasskeyAction}
            finish={secondStepPasskeyAction}
            label={tp('secondStep')}
          />
        </>
      )}
      <div className="form-links">
        <Link href="/help/lost-phone">{t('lostPhone')}</Link>
      </div>
      <SignOutButton action={signOutAction} />
    </main>
  );
}
