'use client';

import { useId } from 'react';
import { useTranslations } from 'next-intl';
import { PasswordField } from '@/components/ui/password-field';
import type { FormState } from '@/lib/validation/form-action';
import { SecondLookPasskeyButton } from '@/components/console/second-look-passkey';

/** Must match lib/two-step/second-look.ts (a client component cannot import that server module). */
const FIELD = 'secondLookAnswer';
const KEEP = 'keep.';

/** True when the server asked this form for the second look. */
export function asksSecondLook(state: FormState): boolean {
  return Boolean(state.data?.secondLook);
}

/**
 * What a console form shows when the server asks for the second look: the fields the person
 * filled in, carried as hidden inputs so the same submit continues the action, and one
 * field for their password or a code from their app, and a passkey button when they have
 * one. Works without JavaScript (password or code): the server renders it from the action's answer.
 */
export function SecondLookFields({ state }: { state: FormState }) {
  const t = useTranslations('secondLook');
  const id = `second-look-${useId().replace(/:/g, '')}`;
  const kept = Object.entries(state.data ?? {}).filter(([name]) => name.startsWith(KEEP));
  return (
    <fieldset className="second-look">
      <legend>{t('legend')}</legend>
      <p className="hint">{t('why')}</p>
      {kept.map(([name, value]) => (
        <input key={name} type="hidden" name={name.slice(KEEP.length)} value={String(value)} />
      ))}
      <PasswordField
        id={id}
        name={FIELD}
        label={t('label')}
        autoComplete="current-password"
        autoFocus
        required
        hint={t('hint')}
      />
      {/* The person has a passkey (lib/passkeys/second-look-with-passkey.ts): it answers too. */}
      {Boolean(state.data?.passkey) && <SecondLookPasskeyButton />}
    </fieldset>
  );
}
