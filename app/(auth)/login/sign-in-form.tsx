'use client';

import { useActionState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { TextField } from '@/components/ui/text-field';
import { PasswordField } from '@/components/ui/password-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import type { FormState } from '@/lib/validation/form-action';
import { signInAction } from './actions';
import { RequestUnblockForm } from './request-unblock-form';

export function SignInForm({
  platform,
  address,
  helpdesk,
}: {
  platform: string;
  address: string;
  helpdesk?: string;
}) {
  const t = useTranslations();
  const [state, formAction] = useActionState<FormState, FormData>(signInAction, { attempt: 0 });
  const email = String(state.data?.email ?? '');
  const fieldError = (key?: string) => (key ? t(key as never) : undefined);
  return (
    <>
      {state.message === 'invalid' && (
        <Alert key={state.attempt} title={t('signIn.invalid')}>
          <p>{t('signIn.invalidHelpTitle')}</p>
          <ul>
            <li>{t('signIn.invalidHelpTypo')}</li>
            <li>{t('signIn.invalidHelpNoAccount')}</li>
            <li>{t('signIn.invalidHelpPlatform', { platform, url: address })}</li>
          </ul>
          <p>
            <Link href="/help/cant-sign-in">{t('signIn.moreHelp')}</Link>
          </p>
        </Alert>
      )}
      {state.message === 'throttled' && (
        <Alert key={state.attempt} title={t('signIn.throttledTitle')}>
          <p>{t('signIn.throttled', { minutes: Number(state.data?.minutes ?? 1) })}</p>
          <RequestUnblockForm email={email} />
          <p>
            <Link href="/forgot-password">{t('signIn.throttledForgot')}</Link>
          </p>
          <p>
            <Link href="/help/cant-sign-in">{t('signIn.moreHelp')}</Link>
          </p>
        </Alert>
      )}
      {state.message === 'blocked' && (
        <Alert key={state.attempt} title={t('signIn.blockedTitle')}>
          <p>{t('signIn.blocked')}</p>
          <RequestUnblockForm email={email} />
          <p>
            <Link href="/forgot-password">{t('signIn.throttledForgot')}</Link>
          </p>
        </Alert>
      )}
      {state.message === 'deactivated' && (
        <Alert key={state.attempt} title={t('signIn.deactivatedTitle')}>
          <p>{t('signIn.deactivated')}</p>
          {helpdesk && <p>{t('common.helpdeskContact', { contact: helpdesk })}</p>}
          <p>
            <Link href="/help/deactivated">{t('signIn.moreHelp')}</Link>
          </p>
        </Alert>
      )}
      <form action={formAction} noValidate>
        <TextField
          name="email"
          label={t('signIn.email')}
          type="email"
          // "webauthn": the browser may offer passkeys in this field's autofill (components/passkeys/passkey-sign-in.tsx).
          autoComplete="username webauthn"
          inputMode="email"
          defaultValue={email}
          key={`email-${state.attempt}`}
          error={fieldError(state.fieldErrors?.email)}
          required
        />
        <PasswordField
          name="password"
          label={t('signIn.password')}
          autoComplete="current-password"
          error={fieldError(state.fieldErrors?.password)}
          required
        />
        <SubmitButton label={t('signIn.submit')} pendingLabel={t('signIn.submitting')} />
      </form>
      <div className="form-links">
        <Link href="/forgot-password">{t('signIn.forgot')}</Link>
      </div>
    </>
  );
}
