'use client';

import { useActionState, useState } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { PasswordField } from '@/components/ui/password-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import { LinkProblem } from '@/components/link-problem';
import type { FormActionFn, FormState } from '@/lib/validation/form-action';
import { StrengthMeter } from '@/components/password/strength-meter';
import { PasswordGenerator } from '@/components/password/password-generator';
import { useStrengthEstimate } from '@/components/password/use-strength-estimate';

interface Props {
  /** Hidden token for link forms (welcome, reset); absent when changing a password while signed in. */
  token?: string;
  email: string;
  name?: string;
  platformName: string;
  minLength: number;
  action: FormActionFn;
  /** Message namespace with password, confirm, hint, submit and submitting. */
  texts: 'welcome' | 'resetPassword' | 'changePassword';
  /** Ask for the current password first (changing it while signed in). */
  askCurrent?: boolean;
}

/**
 * Choosing a password, wherever it happens: new password with a live strength meter,
 * a generator, a confirmation, a hidden username so password managers save the right
 * pair, and a link to the tips. The server checks the same policy again.
 */
export function NewPasswordForm({
  token,
  email,
  name,
  platformName,
  minLength,
  action,
  texts,
  askCurrent = false,
}: Props) {
  const t = useTranslations();
  const locale = useLocale() === 'nl' ? 'nl' : 'en';
  const [state, formAction] = useActionState<FormState, FormData>(action, { attempt: 0 });
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const strength = useStrengthEstimate(password, { email, name, platformName }, minLength, locale);

  if (state.linkState) return <LinkProblem state={state.linkState} />;
  const errors = state.fieldErrors ?? {};
  const problem = errors.current ?? errors.password ?? errors.confirm;
  // Keys come from the server action's result, so they are plain strings here.
  const tKey = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  const message = (key?: string) =>
    key ? tKey(key, { min: minLength, minutes: Number(state.data?.retryAfterMinutes ?? 1) }) : undefined;
  return (
    <>
      {state.ok && (
        <Alert key={state.attempt} tone="info" title={tKey(`${texts}.doneTitle`)}>
          <p>{tKey(`${texts}.done`)}</p>
        </Alert>
      )}
      {problem && (
        <Alert key={state.attempt} title={t('common.errorSummaryTitle')}>
          <p>{message(problem)}</p>
        </Alert>
      )}
      <form action={formAction} noValidate>
        {token && <input type="hidden" name="token" value={token} />}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        {askCurrent && (
          <PasswordField
            name="current"
            label={t('changePassword.current')}
            autoComplete="current-password"
            error={message(errors.current)}
            required
          />
        )}
        <PasswordField
          name="password"
          label={t(`${texts}.password`)}
          hint={t(`${texts}.hint`, { min: minLength })}
          autoComplete="new-password"
          error={message(errors.password)}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          onFocus={strength.load}
          aria-controls="strength"
          required
        />
        <StrengthMeter id="strength" evaluation={strength.evaluation} minLength={minLength} />
        <PasswordField
          name="confirm"
          label={t(`${texts}.confirm`)}
          autoComplete="new-password"
          error={message(errors.confirm)}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          required
        />
        <SubmitButton label={t(`${texts}.submit`)} pendingLabel={t(`${texts}.submitting`)} />
      </form>
      <PasswordGenerator
        words={strength.words}
        onNeedWords={strength.load}
        onUse={(suggested) => {
          strength.load();
          setPassword(suggested);
          setConfirm(suggested);
        }}
      />
      <p>
        <Link href="/help/passwords">{t('strength.helpLink')}</Link>
      </p>
    </>
  );
}
