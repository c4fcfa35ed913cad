'use client';

import { useEffect, useId, useRef } from 'react';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/validation/form-action';

/**
 * The answer to a submit whose email address looks like a typo: "Did you mean …?" with
 * "Use it" and "Keep what I typed" as submit buttons of the same form (see
 * lib/validation/email-typo-question.ts). It takes focus when it appears. Render it after
 * the form's own submit button: Enter in a field then still submits the form as usual, and
 * nothing above the button moves.
 */
export function EmailTypoQuestion({ state }: { state: FormState }) {
  const t = useTranslations('emailTypo');
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const typed = state.data?.typoTyped;
  const suggestion = state.data?.typoSuggestion;
  const asking = typeof typed === 'string' && typeof suggestion === 'string';
  useEffect(() => {
    if (asking) ref.current?.focus();
  }, [asking, state.attempt]);
  if (!asking) return null;
  return (
    <div ref={ref} role="group" tabIndex={-1} aria-labelledby={titleId} className="typo-question">
      <p id={titleId} className="typo-question-title">
        {t('title', { suggestion })}
      </p>
      <p>{t('body', { typed })}</p>
      <input type="hidden" name="typoChecked" value={typed} />
      <div className="generator-buttons">
        <button type="submit" name="typoChoice" value="use">
          {t('use', { suggestion })}
        </button>
        <button type="submit" name="typoChoice" value="keep" className="secondary">
          {t('keep', { typed })}
        </button>
      </div>
    </div>
  );
}
