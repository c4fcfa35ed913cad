'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { PasswordField } from '@/components/ui/password-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import type { FormState } from '@/lib/validation/form-action';
import { RecoveryCodesList } from './recovery-codes-list';
import { renewCodesAction } from './actions';

/** New recovery codes after the password; then the codes, once, with the same download as at enrolment. */
export function RenewCodesForm() {
  const t = useTranslations('twoStep');
  const tAll = useTranslations();
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
  const problem =
    state.message === 'throttled'
      ? t('throttled', { minutes: Number(state.data?.minutes ?? 1) })
      : state.message === 'blocked'
        ? t('enrolProblem.blocked')
        : state.message
          ? t('renewOff')
          : undefined;
  return (
    <form action={formAction} noValidate>
      {problem && <Alert key={state.attempt} title={problem} />}
      <PasswordField
        name="password"
        label={t('passwordLabel')}
        hint={t('renewPasswordHint')}
        autoComplete="current-password"
        key={`password-${state.attempt}`}
        error={state.fieldErrors?.password ? tAll(state.fieldErrors.password as never) : undefined}
        required
      />
      <SubmitButton label={t('renewButton')} pendingLabel={t('verifying')} />
    </form>
  );
}
