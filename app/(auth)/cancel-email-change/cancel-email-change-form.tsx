'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import { LinkProblem } from '@/components/link-problem';
import { BackToSignIn } from '@/components/back-to-sign-in';
import type { LinkProblemState } from '@/lib/links/link-problem';
import type { FormState } from '@/lib/validation/form-action';
import { cancelEmailChangeAction } from './actions';

/**
 * The whole page below the header, so it stays mounted when the action forgets the link
 * cookie (which re-renders the page, then without a link): the answer stays on screen.
 */
export function CancelEmailChangeForm({
  token,
  problem,
  email,
  newEmail,
}: {
  token: string;
  problem: LinkProblemState | null;
  email: string;
  /** Null when the change no longer waits (confirmed, withdrawn or expired). */
  newEmail: string | null;
}) {
  const t = useTranslations('cancelEmailChange');
  const [state, formAction] = useActionState<FormState, FormData>(cancelEmailChangeAction, { attempt: 0 });
  if (state.ok) {
    return (
      <Alert tone="info" title={t('doneTitle')}>
        <p>{t('done', { email: String(state.data?.email ?? '') })}</p>
        <p>
          <BackToSignIn />
        </p>
      </Alert>
    );
  }
  const linkProblem = state.linkState ?? problem;
  if (linkProblem) return <LinkProblem state={linkProblem} />;
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{newEmail ? t('intro', { email, newEmail }) : t('introNoPending', { email })}</p>
      <form action={formAction}>
        <input type="hidden" name="token" value={token} />
        <SubmitButton label={t('button')} pendingLabel={t('working')} />
      </form>
      <p>
        <BackToSignIn />
      </p>
    </>
  );
}
