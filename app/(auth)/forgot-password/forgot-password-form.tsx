'use client';

import { useActionState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { TextField } from '@/components/ui/text-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import type { FormState } from '@/lib/validation/form-action';
import { forgotPasswordAction } from './actions';

export function ForgotPasswordForm({ platform, address }: { platform: string; address: string }) {
  const t = useTranslations('forgotPassword');
  const [state, formAction] = useActionState<FormState, FormData>(forgotPasswordAction, { attempt: 0 });
  if (state.ok) {
    return (
      <>
        <Alert key={state.attempt} tone="info" title={t('sentTitle')}>
          <p>{t('sent')}</p>
        </Alert>
        <h2>{t('noEmailTitle')}</h2>
        <ul>
          <li>{t('checkSpam')}</li>
          <li>
            {t('checkTypo')} <strong className="typed-email">{state.data?.email}</strong>
          </li>
          <li>{t('checkPlatform', { platform, url: address })}</li>
          <li>{t('waitBeforeRetry')}</li>
          <li>{t('noAccount')}</li>
        </ul>
        <p>
          <Link href="/help/no-email">{t('moreHelp')}</Link>
        </p>
        <p>
          <Link href="/login">{t('backToSignIn')}</Link>
        </p>
      </>
    );
  }
  return (
    <form action={formAction} noValidate>
      <TextField
        name="email"
        label={t('email')}
        type="email"
        autoComplete="username"
        inputMode="email"
        error={state.fieldErrors?.email ? t('emailMissing') : undefined}
        required
      />
      <SubmitButton label={t('submit')} pendingLabel={t('submitting')} />
      <p>
        <Link href="/login">{t('backToSignIn')}</Link>
      </p>
    </form>
  );
}
