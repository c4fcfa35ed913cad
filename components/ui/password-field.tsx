'use client';

import { useState, type InputHTMLAttributes } from 'react';
import { useTranslations } from 'next-intl';
import { FieldFrame, fieldDescription } from './field-frame';

interface PasswordFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  autoComplete: 'current-password' | 'new-password';
}

/**
 * A password input with a show/hide toggle. Paste is allowed; the value is never
 * trimmed or changed. Without JavaScript the toggle simply does nothing.
 */
export function PasswordField({ name, label, error, hint, id = name, ...input }: PasswordFieldProps) {
  const t = useTranslations('common');
  const [visible, setVisible] = useState(false);
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <div className="password-row">
        <input
          id={id}
          name={name}
          type={visible ? 'text' : 'password'}
          spellCheck={false}
          autoCapitalize="none"
          aria-invalid={error ? true : undefined}
          aria-describedby={fieldDescription(id, error, hint).describedBy}
          {...input}
        />
        <button
          type="button"
          className="secondary"
          aria-controls={id}
          aria-pressed={visible}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? t('hidePassword') : t('showPassword')}
        </button>
      </div>
    </FieldFrame>
  );
}
