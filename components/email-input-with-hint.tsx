'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { suggestEmailCorrection } from '@/lib/validation/email-typo';

/** An email input that offers "Did you mean …?" for a likely domain typo when it loses focus. */
export function EmailInputWithHint({
  id,
  name,
  label,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
}) {
  const t = useTranslations('createAccount');
  const [value, setValue] = useState(defaultValue ?? '');
  const [suggestion, setSuggestion] = useState<string | null>(null);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="email"
        autoComplete="off"
        required
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => setSuggestion(suggestEmailCorrection(value))}
        aria-describedby={suggestion ? `${id}-suggestion` : undefined}
      />
      <div aria-live="polite">
        {suggestion && (
          <p id={`${id}-suggestion`} className="hint">
            {t('didYouMean', { suggestion })}{' '}
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setValue(suggestion);
                setSuggestion(null);
              }}
            >
              {t('useSuggestion', { suggestion })}
            </button>
          </p>
        )}
      </div>
    </>
  );
}
