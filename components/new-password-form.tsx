'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { PasswordField } from '@/components/ui/password-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import { LinkProblem } from '@/components/link-problem';
import type { LinkProblemState } from '@/components/link-problem';

export type NewPasswordState = {
  attempt: number;
  passwordError?: string;
  confirmError?: string;
  linkState?: LinkProblemState;
};

interface Props {
  token: string;
  email: string;
  action: (previous: NewPasswordState, formData: FormData) => Promise<NewPasswordState>;
  /** Message namespace with password, confirm, hint, submit and submitting. */
  texts: 'welcome' | 'resetPassword';
}

/**
 * Choosing a password through a link (welcome or reset): new password and confirmation,
 * a hidden username so password managers save the right pair, the token in a hidden field.
 */
export function NewPasswordForm({ token, email, action, texts }: Props) {
  const t = useTranslations();
  const [state, formAction] = useActionState<NewPasswordState, FormData>(action, { attempt: 0 });
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
          label={t(`${texts}.password`)}
          hint={t(`${texts}.hint`)}
          autoComplete="new-password"
          error={state.passwordError ? t(state.passwordError as never) : undefined}
          required
        />
        <PasswordField
          name="confirm"
          label={t(`${texts}.confirm`)}
          autoComplete="new-password"
          error={state.confirmError ? t(state.confirmError as never) : undefined}
          required
        />
        <SubmitButton label={t(`${texts}.submit`)} pendingLabel={t(`${texts}.submitting`)} />
      </form>
    </>
  );
}
