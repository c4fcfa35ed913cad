'use client';

import { useEffect, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import {
  browserSupportsWebAuthnAutofill,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { Alert } from '@/components/ui/alert';
import { askPasskey } from './ceremony';

type Answer = { message: string; minutes?: number };

/**
 * Signing in with a passkey on /login: the "Use a passkey" button, and (where the
 * browser can) passkeys offered in the email field's autofill, which needs that field's
 * autocomplete to include "webauthn". Both end in the same server action as the button; a
 * refusal is said in the sign-in form's words (deactivated, throttled) or the passkey's.
 */
export function PasskeySignIn({
  start,
  finish,
  callbackUrl,
  helpdesk,
}: {
  start: () => Promise<PublicKeyCredentialRequestOptionsJSON>;
  finish: (response: string, callbackUrl?: string) => Promise<Answer>;
  /** Where the sign-in began (an application's interaction), already checked to be a path here. */
  callbackUrl?: string;
  helpdesk?: string;
}) {
  const t = useTranslations();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<(Answer & { key: number }) | null>(null);

  async function complete(json: string) {
    const refused = await finish(json, callbackUrl);
    // On success the action redirects; only a refusal comes back.
    if (refused) setAnswer({ ...refused, key: Date.now() });
  }

  useEffect(() => {
    let live = true;
    void (async () => {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      const options = await start();
      if (!live) return;
      const used = await askPasskey(options, true);
      // A cancelled autofill request (the button took over, or the page left) says nothing.
      if (live && used.ok) await complete(used.json);
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page: the autofill request waits for the person
  }, []);

  async function signIn() {
    if (busy) return;
    setBusy(true);
    setAnswer(null);
    try {
      const used = await askPasskey(await start());
      if (!used.ok) return setAnswer({ message: used.reason, key: Date.now() });
      await complete(used.json);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="passkey-sign-in">
      {answer?.message === 'deactivated' ? (
        <Alert key={answer.key} title={t('signIn.deactivatedTitle')}>
          <p>{t('signIn.deactivated')}</p>
          {helpdesk && <p>{t('common.helpdeskContact', { contact: helpdesk })}</p>}
          <p>
            <Link href="/help/deactivated">{t('signIn.moreHelp')}</Link>
          </p>
        </Alert>
      ) : answer?.message === 'throttled' ? (
        <Alert key={answer.key} title={t('signIn.throttledTitle')}>
          <p>{t('signIn.throttled', { minutes: answer.minutes ?? 1 })}</p>
        </Alert>
      ) : answer?.message === 'blocked' ? (
        <Alert key={answer.key} title={t('signIn.blockedTitle')}>
          <p>{t('signIn.blocked')}</p>
        </Alert>
      ) : answer ? (
        <Alert key={answer.key} title={t(`passkeys.errors.${answer.message}` as never)} />
      ) : null}
      {/* Not "Sign in with a passkey": the password form's "Sign in" button must keep a name of its own. */}
      <p className="hint">{t('passkeys.signInIntro')}</p>
      <button type="button" className="secondary" onClick={() => void signIn()} aria-disabled={busy}>
        {busy ? t('passkeys.signingIn') : t('passkeys.signIn')}
      </button>
    </div>
  );
}
