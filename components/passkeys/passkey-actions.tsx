'use client';

import { useActionState, useId, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { Alert } from '@/components/ui/alert';
import { PasswordField } from '@/components/ui/password-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import type { FormActionFn, FormState } from '@/lib/validation/form-action';
import { askPasskey } from './ceremony';

/**
 * Rename and remove for one passkey on /account, each behind a disclosure so the list stays
 * short. Removing asks for the password, or a passkey (this one or another): the button
 * asks the browser, then posts its answer through the same form as the password would go.
 */
export function PasskeyActions({
  passkey,
  rename,
  remove,
  startConfirm,
}: {
  passkey: { id: string; name: string };
  rename: FormActionFn;
  remove: FormActionFn;
  startConfirm: () => Promise<PublicKeyCredentialRequestOptionsJSON | null>;
}) {
  const t = useTranslations();
  const id = useId().replace(/:/g, '');
  const [renamed, renameAction] = useActionState<FormState, FormData>(rename, { attempt: 0 });
  const [removed, removeAction] = useActionState<FormState, FormData>(remove, { attempt: 0 });
  const [ceremony, setCeremony] = useState<{ text: string; key: number } | null>(null);
  const removeForm = useRef<HTMLFormElement>(null);
  const passkeyField = useRef<HTMLInputElement>(null);
  const error = (key?: string) => (key ? t(key as never) : undefined);

  async function confirmWithPasskey() {
    setCeremony(null);
    const options = await startConfirm();
    const answer = options
      ? await askPasskey(options)
      : { ok: false as const, reason: 'unsupported' as const };
    if (!answer.ok) return setCeremony({ text: t(`passkeys.errors.${answer.reason}`), key: Date.now() });
    passkeyField.current!.value = answer.json;
    removeForm.current!.requestSubmit();
    passkeyField.current!.value = '';
  }

  const removeMessage =
    removed.message && !removed.ok
      ? (t as (key: string, values?: Record<string, number>) => string)(
          `passkeys.errors.${removed.message}`,
          {
            minutes: Number(removed.data?.minutes ?? 1),
          },
        )
      : null;
  return (
    <>
      <details>
        <summary>{t('passkeys.rename', { name: passkey.name })}</summary>
        <form action={renameAction} noValidate>
          {renamed.message && !renamed.ok && (
            <Alert key={renamed.attempt} title={t(`passkeys.errors.${renamed.message}` as never)} />
          )}
          {renamed.ok && (
            <p role="status" className="alert alert-info" key={renamed.attempt}>
              {t('passkeys.renamed')}
            </p>
          )}
          <input type="hidden" name="passkeyId" value={passkey.id} />
          <TextField
            id={`rename-${id}`}
            name="name"
            label={t('passkeys.renameLabel')}
            defaultValue={passkey.name}
            maxLength={60}
            autoComplete="off"
            error={error(renamed.fieldErrors?.name)}
            required
          />
          <SubmitButton label={t('passkeys.renameSave')} pendingLabel={t('passkeys.working')} />
        </form>
      </details>
      <details>
        <summary>{t('passkeys.remove', { name: passkey.name })}</summary>
        <form action={removeAction} ref={removeForm} noValidate>
          {removeMessage && <Alert key={removed.attempt} title={removeMessage} />}
          {ceremony && <Alert key={ceremony.key} title={ceremony.text} />}
          <p className="hint">{t('passkeys.removeWhy')}</p>
          <input type="hidden" name="passkeyId" value={passkey.id} />
          <input type="hidden" name="passkey" ref={passkeyField} defaultValue="" />
          <PasswordField
            id={`remove-${id}`}
            name="password"
            label={t('passkeys.removePassword')}
            autoComplete="current-password"
            error={error(removed.fieldErrors?.password)}
          />
          <SubmitButton label={t('passkeys.removeSubmit')} pendingLabel={t('passkeys.working')} />{' '}
          <button type="button" className="secondary" onClick={() => void confirmWithPasskey()}>
            {t('passkeys.removeWithPasskey')}
          </button>
        </form>
      </details>
    </>
  );
}
