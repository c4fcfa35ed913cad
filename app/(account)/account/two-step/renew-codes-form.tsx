'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import type { FormState } from '@/lib/validation/form-action';
import { RecoveryCodesList } from './recovery-codes-list';
import { PasswordConfirmation } from './password-confirmation';
import { renewCodesAction } from './actions';

/** New recovery codes after the password; then the codes, once, with the same download as at enrolment. */
export function RenewCodesForm() {
  const t = useTranslations('twoStep');
  const [state, formAction] = useActionState<FormState, FormData>(renewCodesAction, { attempt: 0 });
  if (state.message === 'renewed') {
    const codes = String(state.data?.codes ?? '').split(' ');
    return (
      <>
        <Alert key={state.attempt} tone="info" title={t('renewedTitle')}>
          <p>{t('renewed')}</p>
        </Alert>
        <RecoveryCodesList codes={codes} download={String(state.data?.download ?? '')} />
      </>
    );
  }
  return (
    <form action={formAction} noValidate>
      <PasswordConfirmation
        state={state}
        id="password"
        label={t('passwordLabel')}
        button={t('renewButton')}
      />
    </form>
  );
}
