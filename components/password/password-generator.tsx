'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import {
  generatePassphrase,
  generateRandomPassword,
  SUGGESTED_PASSPHRASE_WORDS,
} from '@/lib/password/generate';

/** Suggests a passphrase or a random password; the person may use and copy it. */
export function PasswordGenerator({
  words,
  onNeedWords,
  onUse,
}: {
  words: readonly string[] | null;
  onNeedWords: () => void;
  onUse: (password: string) => void;
}) {
  const t = useTranslations('generator');
  const [suggestion, setSuggestion] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, setPending] = useState(false);

  const suggest = (kind: 'passphrase' | 'random') => {
    setCopied(false);
    if (kind === 'random') return setSuggestion(generateRandomPassword(20));
    if (!words) {
      setPending(true);
      onNeedWords();
      return;
    }
    setSuggestion(generatePassphrase(words, SUGGESTED_PASSPHRASE_WORDS));
  };
  // The word list arrives with the estimator; finish a passphrase request made before it did.
  if (pending && words) {
    setPending(false);
    setSuggestion(generatePassphrase(words, SUGGESTED_PASSPHRASE_WORDS));
  }

  return (
    <section className="generator" aria-labelledby="generator-title">
      <h2 id="generator-title">{t('title')}</h2>
      <p className="hint">{t('intro')}</p>
      <div className="generator-buttons">
        <button
          type="button"
          className="secondary"
          onFocus={onNeedWords}
          onClick={() => suggest('passphrase')}
        >
          {t('passphrase')}
        </button>
        <button type="button" className="secondary" onClick={() => suggest('random')}>
          {t('random')}
        </button>
      </div>
      <div aria-live="polite">
        {suggestion && (
          <div className="suggestion">
            <label htmlFor="suggestion">{t('suggestionLabel')}</label>
            <input
              id="suggestion"
              readOnly
              value={suggestion}
              className="suggestion-value"
              spellCheck={false}
            />
            <div className="generator-buttons">
              <button type="button" onClick={() => onUse(suggestion)}>
                {t('use')}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={async () => {
                  await navigator.clipboard?.writeText(suggestion).catch(() => {});
                  setCopied(true);
                }}
              >
                {copied ? t('copied') : t('copy')}
              </button>
            </div>
            <p className="hint">{t('storeIt')}</p>
          </div>
        )}
      </div>
    </section>
  );
}
