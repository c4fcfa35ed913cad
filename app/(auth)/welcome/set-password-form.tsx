'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { PasswordField } from '@/components/ui/password-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import { LinkProblem } from '@/components/link-problem';
import { setPasswordAction, type SetPasswordState } from './actions';

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations();
  const [state, formAction] = useActionState<SetPasswordState, FormData>(setPasswordAction, { attempt: 0 });
  if (state.linkState) return <LinkProblem state={state.linkState} />;
  const problem = state.passwordError ?? state.confirmError;
  return (
    <>
      {problem && (
        <Alert key={state.attempt} title={t('common.errorSummaryTitle')}>
          <p>{t(problem as never)}</p>
        </Alert>
      )}
      <form action={formAction} noValidate>
        <input type="hidden" name="token" value={token} />
        {/* Lets password managers store the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <PasswordField
          name="password"
          label={t('welcome.password')}
          hint={t('welcome.hint')}
          autoComplete="new-password"
          error={state.passwordError ? t(state.passwordError as never) : undefined}
          required
        />
        <PasswordField
          name="confirm"
          label={t('welcome.confirm')}
          autoComplete="new-password"
          error={state.confirmError ? t(state.confirmError as never) : undefined}
          required
        />
        <SubmitButton label={t('welcome.submit')} pendingLabel={t('welcome.submitting')} />
      </form>
    </>
  );
}
