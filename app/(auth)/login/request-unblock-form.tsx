'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormState } from '@/lib/validation/form-action';
import { requestUnblockAction } from '../unblock/actions';

/** "Email me a link to unblock signing in", under the throttled or blocked message. */
export function RequestUnblockForm({ email }: { email: string }) {
  const t = useTranslations('unblock');
  const [state, formAction] = useActionState<FormState, FormData>(requestUnblockAction, { attempt: 0 });
  if (state.ok) return <p role="status">{t('requested')}</p>;
  return (
    <form action={formAction}>
      <input type="hidden" name="email" value={email} />
      <SubmitButton label={t('request')} pendingLabel={t('working')} />
    </form>
  );
}
