'use client';

import { createContext, useContext, useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { askPasskey } from '@/components/passkeys/ceremony';

/** Must match SECOND_LOOK_PASSKEY_FIELD in lib/passkeys/second-look-with-passkey.ts. */
const FIELD = 'secondLookPasskey';

type StartCheck = () => Promise<PublicKeyCredentialRequestOptionsJSON | null>;

/**
 * The console's layout hands down the server action that makes a passkey challenge for the
 * second look, so every console form that asks for the second look can offer a passkey
 * without each page passing it along.
 */
const StartContext = createContext<StartCheck | null>(null);

export function SecondLookPasskeyProvider({ start, children }: { start: StartCheck; children: ReactNode }) {
  return <StartContext.Provider value={start}>{children}</StartContext.Provider>;
}

/**
 * "Confirm with a passkey" inside a form that asks for the second look: the browser's
 * prompt, then its answer posted through the same form (with the action's own fields, so
 * the action goes on). The password field may stay empty, so the browser's own checks of
 * the form are skipped for this submit; the server checks everything. Needs JavaScript
 * (WebAuthn does); without it the password or code still works.
 */
export function SecondLookPasskeyButton() {
  const t = useTranslations();
  const start = useContext(StartContext);
  const field = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; key: number } | null>(null);
  if (!start) return null;

  async function confirm() {
    if (busy || !start) return;
    setBusy(true);
    setProblem(null);
    try {
      const options = await start();
      const answer = options ? await askPasskey(options) : ({ ok: false, reason: 'unsupported' } as const);
      if (!answer.ok) return setProblem({ text: t(`passkeys.errors.${answer.reason}`), key: Date.now() });
      const form = field.current!.form!;
      field.current!.value = answer.json;
      const validating = !form.noValidate;
      form.noValidate = true;
      form.requestSubmit();
      form.noValidate = !validating;
      field.current!.value = '';
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="confirm-with-passkey">
      <input ref={field} type="hidden" name={FIELD} defaultValue="" />
      <p className="hint">{t('passkeys.or')}</p>
      {problem && (
        <p key={problem.key} role="alert" className="field-error">
          {problem.text}
        </p>
      )}
      <button type="button" className="secondary" onClick={() => void confirm()} aria-disabled={busy}>
        {busy ? t('passkeys.working') : t('secondLook.withPasskey')}
      </button>
    </div>
  );
}
