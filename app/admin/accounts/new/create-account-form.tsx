'use client';

import { startTransition, useActionState } from 'react';
import Link from 'next/link';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import type { Role } from '@/lib/db/schema';
import { createAccountSchema, type CreateAccountForm as FormValues } from '@/lib/validation/accounts';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { EmailTypoQuestion } from '@/components/email-typo-question';
import type { FormState } from '@/lib/validation/form-action';
import { createAccountAction } from '../actions';

interface Props {
  roles: Role[];
  counselors: { email: string; name: string }[] | null;
}

/**
 * Validated in the browser by react-hook-form with the same zod schema the server action
 * uses; without JavaScript the form posts straight to the action and gets the same errors.
 */
export function CreateAccountForm({ roles, counselors }: Props) {
  const t = useTranslations();
  const [state, formAction] = useActionState<FormState, FormData>(createAccountAction, { attempt: 0 });
  // Without JavaScript the answer is a new page: what was typed comes back in state.data.
  const echoed = (name: string) => (typeof state.data?.[name] === 'string' ? String(state.data[name]) : '');
  const echoedRole = (roles as string[]).includes(echoed('role')) ? (echoed('role') as Role) : roles[0];
  const { register, handleSubmit, control, formState } = useForm<FormValues>({
    resolver: zodResolver(createAccountSchema),
    defaultValues: {
      role: echoedRole,
      name: echoed('name'),
      email: echoed('typoTyped'),
      counselorEmail: echoed('counselorEmail'),
    },
  });
  const role = useWatch({ control, name: 'role' });

  const onValid = (_: unknown, event?: React.BaseSyntheticEvent) => {
    const form = event?.target as HTMLFormElement;
    // The submitter carries the answer to "Did you mean …?" (typoChoice).
    const submitter = (event?.nativeEvent as SubmitEvent | undefined)?.submitter ?? null;
    startTransition(() => formAction(new FormData(form, submitter)));
  };
  const error = (field: keyof FormValues) => {
    const key = formState.errors[field]?.message ?? state.fieldErrors?.[field];
    return key ? t(key as never) : undefined;
  };
  const describedBy = (field: string, hasError: boolean, extra?: string) =>
    [hasError ? `${field}-error` : null, extra].filter(Boolean).join(' ') || undefined;

  if (state.ok && state.data) {
    return (
      <Alert key={state.attempt} tone="info" title={t('createAccount.createdTitle')}>
        <p>{t('createAccount.created', { email: String(state.data.email) })}</p>
        <p>
          <Link href={`/admin/accounts/${state.data.id}`}>{t('createAccount.viewAccount')}</Link>
        </p>
      </Alert>
    );
  }

  const emailError = error('email');
  return (
    <>
      {state.message && (
        <Alert key={state.attempt} title={t('common.errorSummaryTitle')}>
          <p>{t(state.message as never)}</p>
        </Alert>
      )}
      <form action={formAction} onSubmit={handleSubmit(onValid)} noValidate>
        <div className="field">
          <label htmlFor="name">{t('createAccount.name')}</label>
          {error('name') && (
            <p id="name-error" className="field-error">
              {error('name')}
            </p>
          )}
          <input
            id="name"
            autoComplete="off"
            aria-invalid={error('name') ? true : undefined}
            aria-describedby={describedBy('name', !!error('name'))}
            // Drawn by the server too (react-hook-form sets values only in the browser).
            defaultValue={echoed('name')}
            {...register('name')}
          />
        </div>
        <div className="field">
          <label htmlFor="email">{t('createAccount.email')}</label>
          {emailError && (
            <p id="email-error" className="field-error">
              {emailError}
            </p>
          )}
          <input
            id="email"
            type="email"
            autoComplete="off"
            aria-invalid={emailError ? true : undefined}
            aria-describedby={describedBy('email', !!emailError)}
            defaultValue={echoed('typoTyped')}
            {...register('email')}
          />
        </div>
        <div className="field">
          <label htmlFor="role">{t('createAccount.role')}</label>
          {error('role') && (
            <p id="role-error" className="field-error">
              {error('role')}
            </p>
          )}
          <select
            id="role"
            aria-describedby={describedBy('role', !!error('role'))}
            defaultValue={echoedRole}
            {...register('role')}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {counselors && role === 'client' && (
          <div className="field">
            <label htmlFor="counselorEmail">{t('createAccount.counselor')}</label>
            {error('counselorEmail') && (
              <p id="counselorEmail-error" className="field-error">
                {error('counselorEmail')}
              </p>
            )}
            <select
              id="counselorEmail"
              aria-describedby={describedBy('counselorEmail', !!error('counselorEmail'))}
              defaultValue={echoed('counselorEmail')}
              {...register('counselorEmail')}
            >
              <option value="">{t('createAccount.noCounselor')}</option>
              {counselors.map((c) => (
                <option key={c.email} value={c.email}>
                  {c.name} ({c.email})
                </option>
              ))}
            </select>
          </div>
        )}
        <p className="hint">{t('createAccount.welcomeNote')}</p>
        <SubmitButton label={t('createAccount.submit')} pendingLabel={t('createAccount.submitting')} />
        <EmailTypoQuestion state={state} />
      </form>
    </>
  );
}
