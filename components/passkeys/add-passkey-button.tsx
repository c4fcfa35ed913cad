'use client';

import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { PasswordField } from '@/components/ui/password-field';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { makePasskey } from './ceremony';

/** What the server answers to "add a passkey": options, a request for the password first, or why not. */
export type StartAddPasskey =
  { options: PublicKeyCredentialCreationOptionsJSON } | { ask: true; message?: string } | { message: string };

type Outcome = { tone: 'error' | 'info'; text: string; key: number };

/**
 * "Add a passkey": asks the server for options (and, when the sign-in was a while ago, for
 * the password first), lets the browser make the passkey, and hands its answer back. On
 * success the page is refreshed (the list shows it) or, with `then`, the person moves on.
 */
export function AddPasskeyButton({
  start,
  finish,
  label,
  then,
}: {
  start: (confirmation?: string) => Promise<StartAddPasskey>;
  finish: (response: string) => Promise<{ ok: true; name: string } | { ok: false; message: string }>;
  label?: string;
  /** Where to go once added (staff enrolling their second step); else the page refreshes. */
  then?: string;
}) {
  const t = useTranslations();
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const say = (tone: Outcome['tone'], text: string) => setOutcome({ tone, text, key: Date.now() });

  async function add(confirmation?: string) {
    if (busy) return;
    setBusy(true);
    try {
      const started = await start(confirmation);
      if ('ask' in started) {
        setAsking(true);
        if (started.message) say('error', t(`secondLook.${started.message}` as never));
        return;
      }
      setAsking(false);
      if ('message' in started) return say('error', t(`passkeys.errors.${started.message}` as never));
      const made = await makePasskey(started.options);
      if (!made.ok) return say('error', t(`passkeys.errors.${made.reason}`));
      const done = await finish(made.json);
      if (!done.ok) return say('error', t(`passkeys.errors.${done.message}` as never));
      say('info', t('passkeys.added_ok', { name: done.name }));
      if (then) router.push(then);
      else router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="add-passkey">
      {outcome && <Alert key={outcome.key} tone={outcome.tone} title={outcome.text} />}
      {asking ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const answer = new FormData(e.currentTarget).get('confirmation');
            void add(typeof answer === 'string' ? answer : '');
          }}
        >
          <p>{t('passkeys.addConfirm')}</p>
          <PasswordField
            id={`confirm-${id.replace(/:/g, '')}`}
            name="confirmation"
            label={t('passkeys.addConfirmLabel')}
            autoComplete="current-password"
            autoFocus
            required
          />
          <button type="submit" aria-disabled={busy}>
            {busy ? t('passkeys.adding') : t('passkeys.addContinue')}
          </button>
        </form>
      ) : (
        <button type="button" className="secondary" onClick={() => void add()} aria-disabled={busy}>
          {busy ? t('passkeys.adding') : (label ?? t('passkeys.add'))}
        </button>
      )}
    </div>
  );
}
