'use client';

import { useActionState, useEffect, useId, useRef } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/validation/form-action';
import { resendExpiredAction } from './dashboard-actions';

/**
 * "Resend all" with a second step: the first submit asks (with the number of people it
 * reaches) and moves focus to the question; "Yes" sends. The answer is announced, and the
 * dashboard refreshes after sending.
 */
export function ResendExpiredForm({ count }: { count: number }) {
  const t = useTranslations('dashboard');
  const router = useRouter();
  const [state, action, pending] = useActionState<FormState, FormData>(resendExpiredAction, { attempt: 0 });
  const question = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const confirmCount = state.data?.confirmCount;
  const asking = typeof confirmCount === 'number';
  useEffect(() => {
    if (asking) question.current?.focus();
    if (state.ok) router.refresh();
  }, [asking, state, router]);

  return (
    <form action={action} className="resend-all">
      {asking ? (
        <div ref={question} role="group" tabIndex={-1} aria-labelledby={titleId} className="typo-question">
          <p id={titleId} className="typo-question-title">
            {t('confirmResend', { count: confirmCount })}
          </p>
          {confirmCount > 0 && <p>{t('confirmResendBody')}</p>}
          <div className="generator-buttons">
            {confirmCount > 0 && (
              <button type="submit" name="confirm" value="yes" aria-disabled={pending}>
                {t('confirmResendYes', { count: confirmCount })}
              </button>
            )}
            <button type="submit" name="confirm" value="no" className="secondary">
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" className="secondary" aria-disabled={pending}>
          {t('resendAll', { count })}
        </button>
      )}
      <p role="status" className={state.ok === false ? 'field-error' : 'hint'}>
        {state.message
          ? // Each message takes the values it needs; the others are ignored.
            t(
              state.message.replace('dashboard.', '') as 'resent',
              {
                count: Number(state.data?.resent ?? 0),
                minutes: Number(state.data?.minutes ?? 0),
              } as never,
            )
          : ''}
      </p>
    </form>
  );
}
