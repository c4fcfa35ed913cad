'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import { PasswordField } from '@/components/ui/password-field';
import { Alert } from '@/components/ui/alert';
import { LinkProblem } from '@/components/link-problem';
import { BackToSignIn } from '@/components/back-to-sign-in';
import type { FormState } from '@/lib/validation/form-action';
import { confirmEmailAction } from './actions';

/** `email` is the account's current address, for password managers (the username field). */
export function ConfirmEmailForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations('confirmEmail');
  const tAll = useTranslations();
  const [state, formAction] = useActionState<FormState, FormData>(confirmEmailAction, { attempt: 0 });
  if (state.linkState) return <LinkProblem state={state.linkState} />;
  if (state.ok) {
    return (
      <Alert tone="info" title={t('doneTitle')}>
        <p>{t('done', { email: String(state.data?.email ?? '') })}</p>
        <p>
          <BackToSignIn label={t('signIn')} />
        </p>
      </Alert>
    );
  }
  // Keys come from the server action's result, so they are plain strings here.
  const say = tAll as unknown as (key: string, values?: Record<string, number>) => string;
  const error = state.fieldErrors?.password ?? state.message;
  const errorText = error ? say(error, { minutes: Number(state.data?.retryAfterMinutes ?? 1) }) : undefined;
  return (
    <>
      {errorText && (
        <Alert key={state.attempt} title={tAll('common.errorSummaryTitle')}>
          <p>{errorText}</p>
        </Alert>
      )}
      <form action={formAction} noValidate>
        <input type="hidden" name="token" value={token} />
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <PasswordField
          name="password"
          label={t('password')}
          autoComplete="current-password"
          error={state.fieldErrors?.password ? errorText : undefined}
          required
        />
        <SubmitButton label={t('button')} pendingLabel={t('working')} />
      </form>
      <p className="hint">{t('forgot')}</p>
      <p>
        <BackToSignIn />
      </p>
    </>
  );
}
