'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { Alert } from '@/components/ui/alert';
import { askPasskey } from './ceremony';

type Refusal = { message: string; minutes?: number };

/**
 * One button that proves it is the person with one of their passkeys (the second step of a
 * sign-in): options from the server, the browser's prompt, the answer back to the server,
 * which moves on (redirects) or says why not.
 */
export function ConfirmWithPasskeyButton({
  start,
  finish,
  label,
}: {
  start: () => Promise<PublicKeyCredentialRequestOptionsJSON | null>;
  finish: (response: string) => Promise<Refusal>;
  label: string;
}) {
  const t = useTranslations('passkeys');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<(Refusal & { key: number }) | null>(null);

  async function confirm() {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      const options = await start();
      const used = options ? await askPasskey(options) : ({ ok: false, reason: 'unsupported' } as const);
      const refused = used.ok ? await finish(used.json) : { message: used.reason };
      if (refused) setRefusal({ ...refused, key: Date.now() });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="confirm-with-passkey">
      {refusal && (
        <Alert
          key={refusal.key}
          title={(t as (key: string, values?: Record<string, number>) => string)(
            `errors.${refusal.message}`,
            {
              minutes: refusal.minutes ?? 1,
            },
          )}
        />
      )}
      <button type="button" className="secondary" onClick={() => void confirm()} aria-disabled={busy}>
        {busy ? t('working') : label}
      </button>
    </div>
  );
}
