'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import { LinkProblem } from '@/components/link-problem';
import { BackToSignIn } from '@/components/back-to-sign-in';
import type { FormState } from '@/lib/validation/form-action';
import { cancelEmailChangeAction } from './actions';

export function CancelEmailChangeForm({ token }: { token: string }) {
  const t = useTranslations('cancelEmailChange');
  const [state, formAction] = useActionState<FormState, FormData>(cancelEmailChangeAction, { attempt: 0 });
  if (state.linkState) return <LinkProblem state={state.linkState} />;
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
  return (
    <>
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
