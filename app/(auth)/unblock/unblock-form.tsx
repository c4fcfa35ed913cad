'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import { LinkProblem } from '@/components/link-problem';
import { BackToSignIn } from '@/components/back-to-sign-in';
import type { FormState } from '@/lib/validation/form-action';
import { unblockAction } from './actions';

export function UnblockForm({ token }: { token: string }) {
  const t = useTranslations('unblock');
  const [state, formAction] = useActionState<FormState, FormData>(unblockAction, { attempt: 0 });
  if (state.linkState) return <LinkProblem state={state.linkState} />;
  if (state.ok) {
    return (
      <Alert tone="info" title={t('doneTitle')}>
        <p>{t('done')}</p>
        <p>
          <BackToSignIn label={t('signIn')} />
        </p>
      </Alert>
    );
  }
  return (
    <form action={formAction}>
      <input type="hidden" name="token" value={token} />
      <SubmitButton label={t('button')} pendingLabel={t('working')} />
    </form>
  );
}
