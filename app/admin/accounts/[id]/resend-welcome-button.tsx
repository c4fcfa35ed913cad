'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import { resendWelcomeAction, type ResendState } from '../actions';

export function ResendWelcomeButton({ userId }: { userId: string }) {
  const t = useTranslations('accountPage');
  const [state, formAction] = useActionState<ResendState, FormData>(resendWelcomeAction, { attempt: 0 });
  return (
    <form action={formAction}>
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton label={t('resend')} pendingLabel={t('resending')} />
      <p role="status" className="hint">
        {state.result ? t(`resendResult.${state.result}`) : ''}
      </p>
    </form>
  );
}
