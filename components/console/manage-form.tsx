'use client';

import { useActionState, useEffect, useId, useRef, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { FormActionFn, FormState } from '@/lib/validation/form-action';
import { EmailTypoQuestion } from '@/components/email-typo-question';
import { asksSecondLook, SecondLookFields } from '@/components/second-look-fields';

interface Props {
  /** The account acted on (the account page's forms). */
  userId?: string;
  /** Other hidden fields that say what is acted on (e.g. an application's clientId). */
  hidden?: Record<string, string>;
  action: FormActionFn;
  submitLabel: string;
  /** When set, the submit first opens a confirmation dialog with this question. */
  confirm?: { title: string; body: string; confirmLabel: string };
  children?: ReactNode;
  danger?: boolean;
  /**
   * The action answers with a secret shown this once (data.secret), e.g. an application's
   * new client secret: shown in a read-only field with this label.
   */
  secretLabel?: string;
}

/**
 * One console action as a form. A destructive one asks for confirmation in a native
 * <dialog> (focus moves into it, Escape cancels, focus returns); without JavaScript the
 * form posts directly and the server still checks everything.
 */
export function ManageForm({
  userId,
  hidden = {},
  action,
  submitLabel,
  confirm,
  children,
  danger = false,
  secretLabel,
}: Props) {
  const t = useTranslations();
  const router = useRouter();
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, { attempt: 0 });
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const titleId = useId();
  // The server asked for the password or a code: the form carries what was filled in and asks that instead.
  const asking = asksSecondLook(state);

  useEffect(() => {
    // Refresh the status card and history after a change.
    if (state.ok) router.refresh();
  }, [state, router]);

  return (
    <form
      ref={form}
      action={formAction}
      className="manage-form"
      onSubmit={(e) => {
        if (confirm && !asking && !dialog.current?.open && !form.current?.dataset.confirmed) {
          e.preventDefault();
          dialog.current?.showModal();
        }
        if (form.current) delete form.current.dataset.confirmed;
      }}
    >
      {userId !== undefined && <input type="hidden" name="userId" value={userId} />}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {asking ? <SecondLookFields key={state.attempt} state={state} /> : children}
      <button type="submit" className={danger ? 'danger' : undefined} aria-disabled={pending}>
        {submitLabel}
      </button>
      <p role="status" className={state.ok === false ? 'field-error' : 'hint'}>
        {state.message ? t(state.message as never) : ''}
      </p>
      {secretLabel && state.ok && typeof state.data?.secret === 'string' && (
        <div className="field">
          <label htmlFor={`${titleId}-secret`}>{secretLabel}</label>
          <input id={`${titleId}-secret`} readOnly value={state.data.secret} spellCheck={false} />
        </div>
      )}
      <EmailTypoQuestion state={state} />
      {confirm && (
        <dialog ref={dialog} aria-labelledby={titleId} className="confirm-dialog">
          <h2 id={titleId}>{confirm.title}</h2>
          <p>{confirm.body}</p>
          <div className="generator-buttons">
            <button
              type="button"
              className={danger ? 'danger' : undefined}
              onClick={() => {
                dialog.current?.close();
                if (form.current) {
                  form.current.dataset.confirmed = 'yes';
                  form.current.requestSubmit();
                }
              }}
            >
              {confirm.confirmLabel}
            </button>
            <button type="button" className="secondary" autoFocus onClick={() => dialog.current?.close()}>
              {t('manage.cancel')}
            </button>
          </div>
        </dialog>
      )}
    </form>
  );
}
