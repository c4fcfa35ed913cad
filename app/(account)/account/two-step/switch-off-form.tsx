'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/validation/form-action';
import { PasswordConfirmation } from './password-confirmation';
import { switchOffTwoStepAction } from './actions';

/** Two-step off after the password (only offered where the role allows it; the server checks again). */
export function SwitchOffForm() {
  const t = useTranslations('twoStep');
  const [state, formAction] = useActionState<FormState, FormData>(switchOffTwoStepAction, { attempt: 0 });
  return (
    <form action={formAction} noValidate>
      <PasswordConfirmation
        state={state}
        id="off-password"
        label={t('offPasswordLabel')}
        button={t('offButton')}
      />
    </form>
  );
}
