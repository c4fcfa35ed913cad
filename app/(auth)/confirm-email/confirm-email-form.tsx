'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import { PasswordField } from '@/components/ui/password-field';
import { Alert } from '@/components/ui/alert';
import { LinkProblem } from '@/components/link-problem';
import { BackToSignIn } from '@/components/back-to-sign-in';
import type { FormState } from '@/lib/validation/form-action';
import type { LinkProblemState } from '@/lib/links/link-problem';
import { confirmEmailAction } from './actions';

/**
 * The whole page below the header, so it stays mounted when the action forgets the link
 * cookie (which re-renders the page, then without a link): the answer stays on screen.
 * The account's current address goes in the hidden username field, for password managers.
 */
export function ConfirmEmailForm({
  token,
  problem,
  account,
}: {
  token: string;
  problem: LinkProblemState | null;
  account: { name: string; currentEmail: string; newEmail: string } | null;
}) {
  const t = useTranslations('confirmEmail');
  const tAll = useTranslations();
  const [state, formAction] = useActionState<FormState, FormData>(confirmEmailAction, { attempt: 0 });
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
  const linkProblem = state.linkState ?? problem;
  if (linkProblem || !account) return <LinkProblem state={linkProblem ?? 'unknown'} />;
  // Keys come from the server action's result, so they are plain strings here.
  const say = tAll as unknown as (key: string, values?: Record<string, number>) => string;
  const error = state.fieldErrors?.password ?? state.message;
  const errorText = error ? say(error, { minutes: Number(state.data?.retryAfterMinutes ?? 1) }) : undefined;
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro', { name: account.name, email: account.newEmail })}</p>
      {errorText && (
        <Alert key={state.attempt} title={tAll('common.errorSummaryTitle')}>
          <p>{errorText}</p>
        </Alert>
      )}
      <form action={formAction} noValidate>
        <input type="hidden" name="token" value={token} />
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={account.currentEmail}
          readOnly
          hidden
        />
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
