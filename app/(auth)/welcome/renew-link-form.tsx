'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import type { FormState } from '@/lib/validation/form-action';
import { renewWelcomeLinkAction } from './renew-actions';

/** "Send me a new link": so an expired welcome email does not mean a call to the helpdesk. */
export function RenewLinkForm({ token }: { token: string }) {
  const t = useTranslations('link');
  const [state, formAction] = useActionState<FormState, FormData>(renewWelcomeLinkAction, { attempt: 0 });
  if (state.ok) {
    return (
      <Alert tone="info" title={t('renewSentTitle')}>
        <p>{t('renewSent')}</p>
      </Alert>
    );
  }
  return (
    <>
      {state.message === 'rateLimited' && (
        <Alert title={t('renewLimitedTitle')}>
          <p>{t('renewLimited', { minutes: Number(state.data?.minutes ?? 60) })}</p>
        </Alert>
      )}
      {state.message === 'notRenewable' && (
        <Alert title={t('renewNotPossibleTitle')}>
          <p>{t('renewNotPossible')}</p>
        </Alert>
      )}
      <form action={formAction}>
        <input type="hidden" name="token" value={token} />
        <SubmitButton label={t('renew')} pendingLabel={t('renewing')} />
      </form>
    </>
  );
}
