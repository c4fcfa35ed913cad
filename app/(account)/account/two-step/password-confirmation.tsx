'use client';

import { useTranslations } from 'next-intl';
import { PasswordField } from '@/components/ui/password-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import type { FormState } from '@/lib/validation/form-action';

/**
 * The inside of a two-step change that asks for the password first (new recovery codes,
 * switching it off): what went wrong last time, the password field and the button.
 */
export function PasswordConfirmation({
  state,
  id,
  label,
  button,
}: {
  state: FormState;
  /** Unique on the page: two such forms may stand on it. */
  id: string;
  label: string;
  button: string;
}) {
  const t = useTranslations('twoStep');
  const tAll = useTranslations();
  const problem =
    state.message === 'throttled'
      ? t('throttled', { minutes: Number(state.data?.minutes ?? 1) })
      : state.message === 'blocked'
        ? t('enrolProblem.blocked')
        : state.message === 'required'
          ? t('offRequired')
          : state.message
            ? t('renewOff')
            : undefined;
  return (
    <>
      {problem && <Alert key={state.attempt} title={problem} />}
      <PasswordField
        name="password"
        id={id}
        label={label}
        hint={t('renewPasswordHint')}
        autoComplete="current-password"
        key={`password-${state.attempt}`}
        error={state.fieldErrors?.password ? tAll(state.fieldErrors.password as never) : undefined}
        required
      />
      <SubmitButton label={button} pendingLabel={t('verifying')} />
    </>
  );
}
