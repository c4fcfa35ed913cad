'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';
import { renewWelcomeLinkAction, type RenewState } from './renew-actions';

/** "Send me a new link": so an expired welcome email does not mean a call to the helpdesk. */
export function RenewLinkForm({ token }: { token: string }) {
  const t = useTranslations('link');
  const [state, formAction] = useActionState<RenewState, FormData>(renewWelcomeLinkAction, {});
  if (state.result === 'sent') {
    return (
      <Alert tone="info" title={t('renewSentTitle')}>
        <p>{t('renewSent')}</p>
      </Alert>
    );
  }
  return (
    <>
      {state.result === 'rateLimited' && (
        <Alert title={t('renewLimitedTitle')}>
          <p>{t('renewLimited', { minutes: state.retryAfterMinutes ?? 60 })}</p>
        </Alert>
      )}
      {state.result === 'notRenewable' && (
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
