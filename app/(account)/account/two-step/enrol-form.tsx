'use client';

import { useActionState, type ReactNode } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { TextField } from '@/components/ui/text-field';
import { PasswordField } from '@/components/ui/password-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import type { FormState } from '@/lib/validation/form-action';
import { RecoveryCodesList } from './recovery-codes-list';
import { enrolAction } from './actions';

/**
 * The setup steps (`steps`, rendered on the server) and the last one: confirm the app with
 * its first code. Then, instead of the steps, shows the recovery codes once, with a download
 * (a plain form post to the route beside this page) and the way on.
 */
export function EnrolForm({
  ticket,
  steps,
  codeStep,
}: {
  ticket: string;
  steps: ReactNode;
  codeStep: string;
}) {
  const t = useTranslations('twoStep');
  const tAll = useTranslations();
  const [state, formAction] = useActionState<FormState, FormData>(enrolAction, { attempt: 0 });
  if (state.message === 'enabled') {
    const codes = String(state.data?.codes ?? '').split(' ');
    return (
      <>
        <Alert key={state.attempt} tone="info" title={t('enabledTitle')}>
          <p>{t('enabled')}</p>
        </Alert>
        <h2>{t('codesTitle')}</h2>
        <p>{t('codesIntro')}</p>
        <RecoveryCodesList codes={codes} download={String(state.data?.download ?? '')} />
        <p>
          <Link href={String(state.data?.home ?? '/')}>{t('continue')}</Link>
        </p>
      </>
    );
  }
  const problem =
    state.message === 'throttled'
      ? t('throttled', { minutes: Number(state.data?.minutes ?? 1) })
      : state.message
        ? t(`enrolProblem.${state.message}` as never)
        : undefined;
  return (
    <ol className="steps">
      {steps}
      <li>
        {codeStep}
        {problem && <Alert key={state.attempt} title={problem} />}
        <form action={formAction} noValidate>
          <input type="hidden" name="ticket" value={ticket} />
          <PasswordField
            name="password"
            label={t('passwordLabel')}
            hint={t('passwordHint')}
            autoComplete="current-password"
            key={`password-${state.attempt}`}
            error={state.fieldErrors?.password ? tAll(state.fieldErrors.password as never) : undefined}
            required
          />
          <TextField
            name="code"
            label={t('firstCodeLabel')}
            hint={t('firstCodeHint')}
            inputMode="numeric"
            autoComplete="one-time-code"
            key={`code-${state.attempt}`}
            error={state.fieldErrors?.code ? tAll(state.fieldErrors.code as never) : undefined}
            required
          />
          <SubmitButton label={t('turnOn')} pendingLabel={t('verifying')} />
        </form>
      </li>
    </ol>
  );
}
