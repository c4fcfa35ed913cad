'use client';

import { useActionState, useEffect } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { FieldFrame, fieldDescription } from '@/components/ui/field-frame';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormState } from '@/lib/validation/form-action';
import { addClientAction, updateClientAction } from './actions';

export interface ClientFormValues {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  firstParty: boolean;
}

type Props = { mode: 'add' } | { mode: 'edit'; client: ClientFormValues };

/**
 * Adding or editing an application's registration. The server checks everything (the same
 * rules as the command line) and answers per field; what was typed comes back in the
 * answer, so the form is drawn again with it, with or without JavaScript. After adding,
 * the client id and secret are shown this once instead of the form.
 */
export function ClientForm(props: Props) {
  const t = useTranslations();
  const editing = props.mode === 'edit' ? props.client : null;
  const [state, formAction] = useActionState<FormState, FormData>(
    editing ? updateClientAction : addClientAction,
    { attempt: 0 },
  );
  const router = useRouter();
  useEffect(() => {
    // The list (or the page's heading) shows the change.
    if (state.ok) router.refresh();
  }, [state, router]);

  if (!editing && state.ok && state.data) return <AddedClient key={state.attempt} data={state.data} />;

  const typed = (name: string, initial: string) =>
    typeof state.data?.[name] === 'string' ? String(state.data[name]) : initial;
  const ticked = (name: string, initial: boolean) =>
    typeof state.data?.[name] === 'string' ? state.data[name] === '1' : initial;
  const error = (field: string) => {
    const key = state.fieldErrors?.[field];
    return key ? t(key as never) : undefined;
  };
  const textArea = (name: 'redirectUris' | 'postLogoutRedirectUris', initial: string[]) => {
    const id = `client-${name}`;
    const hint = t(`clients.fields.${name}Hint`);
    return (
      <FieldFrame id={id} label={t(`clients.fields.${name}`)} error={error(name)} hint={hint}>
        <textarea
          id={id}
          name={name}
          rows={3}
          spellCheck={false}
          defaultValue={typed(name, initial.join('\n'))}
          aria-invalid={error(name) ? true : undefined}
          aria-describedby={fieldDescription(id, error(name), hint).describedBy}
        />
      </FieldFrame>
    );
  };
  const input = (name: 'name' | 'backchannelLogoutUri', initial: string, type = 'text') => {
    const id = `client-${name}`;
    const hint = t(`clients.fields.${name}Hint`);
    return (
      <FieldFrame id={id} label={t(`clients.fields.${name}`)} error={error(name)} hint={hint}>
        <input
          id={id}
          name={name}
          type={type}
          autoComplete="off"
          spellCheck={false}
          defaultValue={typed(name, initial)}
          aria-invalid={error(name) ? true : undefined}
          aria-describedby={fieldDescription(id, error(name), hint).describedBy}
        />
      </FieldFrame>
    );
  };
  const problems = state.message && !state.ok;

  return (
    <>
      {problems && (
        <Alert key={`message-${state.attempt}`} title={t('common.errorSummaryTitle')}>
          <p>{t(state.message as never)}</p>
        </Alert>
      )}
      {state.fieldErrors && (
        <Alert key={`fields-${state.attempt}`} title={t('common.errorSummaryTitle')}>
          <ul>
            {Object.entries(state.fieldErrors).map(([field, key]) => (
              <li key={field}>
                <a href={`#client-${field}`}>{t(key as never)}</a>
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {/* A new key after each answer draws the fields again from what the answer carries. */}
      <form action={formAction} noValidate key={`form-${state.attempt}`}>
        {editing && <input type="hidden" name="clientId" value={editing.clientId} />}
        {input('name', editing?.name ?? '')}
        {textArea('redirectUris', editing?.redirectUris ?? [])}
        {textArea('postLogoutRedirectUris', editing?.postLogoutRedirectUris ?? [])}
        {input('backchannelLogoutUri', editing?.backchannelLogoutUri ?? '', 'url')}
        {!editing && (
          <div className="field checkbox">
            <input
              id="client-public"
              name="public"
              type="checkbox"
              value="1"
              defaultChecked={ticked('public', false)}
            />
            <label htmlFor="client-public">{t('clients.fields.public')}</label>
          </div>
        )}
        <div className="field checkbox">
          <input
            id="client-firstParty"
            name="firstParty"
            type="checkbox"
            value="1"
            defaultChecked={ticked('firstParty', editing?.firstParty ?? false)}
          />
          <label htmlFor="client-firstParty">{t('clients.fields.firstParty')}</label>
        </div>
        <SubmitButton
          label={editing ? t('clients.save') : t('clients.add')}
          pendingLabel={editing ? t('clients.saving') : t('clients.adding')}
        />
        {editing && (
          <p role="status" className="hint">
            {state.ok && state.message ? t(state.message as never) : ''}
          </p>
        )}
      </form>
    </>
  );
}

/** The new application's id and (for a confidential one) its secret, shown this once. */
function AddedClient({ data }: { data: Record<string, string | number> }) {
  const t = useTranslations('clients');
  const secret = String(data.clientSecret ?? '');
  return (
    <Alert tone="info" title={t('addedTitle', { name: String(data.name) })}>
      <p>{t('addedBody')}</p>
      <div className="field">
        <label htmlFor="new-client-id">{t('clientId')}</label>
        <input id="new-client-id" readOnly value={String(data.clientId)} spellCheck={false} />
      </div>
      {secret ? (
        <div className="field">
          <label htmlFor="new-client-secret">{t('secret')}</label>
          <p id="new-client-secret-hint" className="hint">
            {t('secretOnce')}
          </p>
          <input
            id="new-client-secret"
            readOnly
            value={secret}
            spellCheck={false}
            aria-describedby="new-client-secret-hint"
          />
        </div>
      ) : (
        <p>{t('noSecret')}</p>
      )}
      <p>
        <Link href={`/admin/clients/${String(data.clientId)}`}>
          {t('manage', { name: String(data.name) })}
        </Link>
      </p>
      <p>
        {/* A full load on purpose: it forgets this answer (and its secret) and shows an empty form. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/admin/clients">{t('addAnother')}</a>
      </p>
    </Alert>
  );
}
