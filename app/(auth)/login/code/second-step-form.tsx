'use client';

import { useActionState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { TextField } from '@/components/ui/text-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import type { FormState } from '@/lib/validation/form-action';
import { secondStepAction } from './actions';

export function SecondStepForm() {
  const t = useTranslations('twoStep');
  const tAll = useTranslations();
  const [state, formAction] = useActionState<FormState, FormData>(secondStepAction, { attempt: 0 });
  if (state.message === 'recoveryUsed') {
    const left = Number(state.data?.left ?? 0);
    return (
      <>
        <Alert key={state.attempt} tone="info" title={t('recoveryUsedTitle')}>
          <p>{t('recoveryUsed', { left })}</p>
          {left <= 3 && <p>{t('recoveryLow')}</p>}
        </Alert>
        <p>
          <Link href={String(state.data?.home ?? '/')}>{t('continue')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      {state.message === 'wrong' && <Alert key={state.attempt} title={t('codeWrong')} />}
      {state.message === 'throttled' && (
        <Alert key={state.attempt} title={t('throttledTitle')}>
          <p>{t('throttled', { minutes: Number(state.data?.minutes ?? 1) })}</p>
        </Alert>
      )}
      {state.message === 'blocked' && (
        <Alert key={state.attempt} title={t('blockedTitle')}>
          <p>{t('blocked')}</p>
        </Alert>
      )}
      <form action={formAction} noValidate>
        <TextField
          name="code"
          label={t('codeLabel')}
          hint={t('codeHint')}
          autoComplete="one-time-code"
          spellCheck={false}
          autoCapitalize="none"
          error={state.fieldErrors?.code ? tAll(state.fieldErrors.code as never) : undefined}
          key={`code-${state.attempt}`}
          autoFocus
          required
        />
        <SubmitButton label={t('verify')} pendingLabel={t('verifying')} />
      </form>
    </>
  );
}
