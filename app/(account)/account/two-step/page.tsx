import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getSession, homePathFor, STAGE_PAGE } from '@/lib/auth/current-user';
import { env } from '@/lib/env';
import { getTwoStepStatus } from '@/lib/two-step/get-two-step-status';
import { startEnrolment } from '@/lib/two-step/start-enrolment';
import { SignOutButton } from '@/components/sign-out-button';
import { signOutAction } from '@/app/actions/sign-out';
import { CopyButton } from './copy-button';
import { EnrolForm } from './enrol-form';
import { RenewCodesForm } from './renew-codes-form';
import { SwitchOffForm } from './switch-off-form';
import { Alert } from '@/components/ui/alert';
import { listPasskeys } from '@/lib/passkeys/list-passkeys';
import { AddPasskeyButton } from '@/components/passkeys/add-passkey-button';
import { finishAddPasskeyAction, startAddPasskeyAction } from '../passkeys/actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('twoStep');
  return { title: t('title') };
}

/**
 * Two-step verification for oneself: set it up (optional, or required by one's role before
 * anything else: a session at the `enrol` stage reaches only this page), or see that it is
 * on and how many recovery codes are left.
 */
export default async function TwoStepPage({
  searchParams,
}: {
  searchParams: Promise<{ off?: string | string[] }>;
}) {
  const session = await getSession();
  if (!session) redirect('/login');
  if (session.stage === 'code') redirect(STAGE_PAGE.code);
  const { user } = session;
  const required = env.REQUIRE_TWO_STEP_ROLES.includes(user.role);
  const t = await getTranslations('twoStep');
  const tp = await getTranslations('passkeys');
  const status = await getTwoStepStatus(user.id);
  // Staff whose role requires two-step verification may use a passkey instead of the app
  // (lib/sessions/second-step-on.ts); for anyone else a passkey is a way to sign in, not a step.
  const passkeyIsSecondStep = required && (await listPasskeys(user.id)).length > 0;
  if (passkeyIsSecondStep && !status.on)
    return (
      <main id="main" className="card">
        <h1>{t('title')}</h1>
        <p>{tp('isSecondStep')}</p>
        <p>
          <Link href={homePathFor(user.role)}>{t('continue')}</Link>
        </p>
      </main>
    );
  if (status.on)
    return (
      <main id="main" className="card">
        <h1>{t('title')}</h1>
        <p>{t('isOn')}</p>
        <p>{t('codesLeft', { left: status.recoveryCodesLeft })}</p>
        {status.recoveryCodesLeft <= 3 && <p>{t('recoveryLow')}</p>}
        <section aria-labelledby="renew-title">
          <h2 id="renew-title">{t('renewTitle')}</h2>
          <p>{t('renewIntro')}</p>
          <RenewCodesForm />
        </section>
        <section aria-labelledby="off-title">
          <h2 id="off-title">{t('offTitle')}</h2>
          {required ? (
            <p>{t('offRequired')}</p>
          ) : (
            <>
              <p>{t('offIntro')}</p>
              <SwitchOffForm />
            </>
          )}
        </section>
        <p>
          <Link href={homePathFor(user.role)}>{t('continue')}</Link>
        </p>
      </main>
    );
  const enrolment = await startEnrolment(user);
  // Just switched off (switchOffTwoStepAction): said once, above the offer to set it up again.
  const justOff = (await searchParams).off === '1';
  return (
    <main id="main" className="card">
      <h1>{t('title')}</h1>
      {justOff && (
        <Alert tone="info" title={t('offDoneTitle')}>
          <p>{t('offDone')}</p>
        </Alert>
      )}
      {session.stage === 'enrol' ? (
        <p className="alert alert-info" role="note">
          {t('requiredIntro')}
        </p>
      ) : (
        <p>{required ? t('requiredIntro') : t('optionalIntro')}</p>
      )}
      <EnrolForm
        ticket={enrolment.ticket}
        codeStep={t('stepCode')}
        steps={
          <>
            <li>{t('stepApp')}</li>
            <li>
              {t('stepScan')}
              <div
                className="qr-code"
                role="img"
                aria-label={t('qrLabel')}
                dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
              />
              <p>{t('stepKey')}</p>
              <p>
                <code className="secret" aria-label={t('secretLabel')}>
                  {enrolment.secretText}
                </code>{' '}
                <CopyButton
                  text={enrolment.secretText.replace(/ /g, '')}
                  label={t('copy')}
                  doneLabel={t('copied')}
                />
              </p>
              <p className="hint">{t('keyDetails')}</p>
            </li>
          </>
        }
      />
      {required && (
        <section aria-labelledby="passkey-instead">
          <h2 id="passkey-instead">{tp('useInstead')}</h2>
          <p>{tp('useInsteadIntro')}</p>
          <AddPasskeyButton
            start={startAddPasskeyAction}
            finish={finishAddPasskeyAction}
            label={tp('useInstead')}
            // "/" goes on as after any sign-in: back to the application that sent them, else home.
            then="/"
          />
        </section>
      )}
      {session.stage === 'enrol' ? (
        <SignOutButton action={signOutAction} />
      ) : (
        <p>
          <Link href="/account">{t('back')}</Link>
        </p>
      )}
    </main>
  );
}
