import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { getSession, homePathFor, STAGE_PAGE } from '@/lib/auth/current-user';
import { continueAfterSignIn } from '@/lib/oidc/continue-after-sign-in';
import { PasskeySignIn } from '@/components/passkeys/passkey-sign-in';
import { SignInForm } from './sign-in-form';
import { passkeySignInAction, startPasskeySignInAction } from './passkey-actions';
import { wrongHost } from '@/lib/auth/wrong-host';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { signInAnswerCookie } from '@/lib/auth/sign-in-answer';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('signIn');
  return { title: t('title') };
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ signedOut?: string; reset?: string; failed?: string; callbackUrl?: string }>;
}) {
  const { signedOut, reset, failed, callbackUrl } = await searchParams;
  const session = await getSession();
  if (session)
    redirect(
      session.stage === 'complete'
        ? await continueAfterSignIn(homePathFor(session.user.role))
        : STAGE_PAGE[session.stage],
    );
  const t = await getTranslations('signIn');
  const seenHost = await wrongHost();
  // A sign-in posted without JavaScript that failed comes back here with its answer (sign-in-answer.ts).
  const answer =
    failed === '1' ? signInAnswerCookie.read((await cookies()).get(signInAnswerCookie.name)?.value) : null;
  return (
    <main id="main" className="card">
      <h1>{t('title')}</h1>
      {seenHost && (
        <div className="alert" role="note">
          <h2 className="alert-title">{t('wrongHostTitle')}</h2>
          <p>{t('wrongHost', { seen: seenHost, platform: env.PLATFORM_NAME })}</p>
          <p>
            <a href={`${env.APP_URL}/login`}>{t('wrongHostLink', { url: env.APP_URL })}</a>
          </p>
        </div>
      )}
      {reset === '1' && (
        <p role="status" className="alert alert-info">
          {t('passwordReset')}
        </p>
      )}
      {signedOut === '1' && (
        <p role="status" className="alert alert-info">
          {t('signedOut')}
        </p>
      )}
      <p>{t('intro', { platform: env.PLATFORM_NAME })}</p>
      <p className="platform-check">
        {t('platformCheck', { platform: env.PLATFORM_NAME, url: env.APP_URL })}
      </p>
      <SignInForm
        platform={env.PLATFORM_NAME}
        address={env.APP_URL}
        helpdesk={env.HELPDESK_CONTACT}
        callbackUrl={safeCallbackPath(callbackUrl, env.APP_URL) ?? undefined}
        answer={answer ?? undefined}
      />
      <PasskeySignIn
        start={startPasskeySignInAction}
        finish={passkeySignInAction}
        callbackUrl={safeCallbackPath(callbackUrl, env.APP_URL) ?? undefined}
        helpdesk={env.HELPDESK_CONTACT}
      />
    </main>
  );
}
