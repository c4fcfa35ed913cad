'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { mainProblem, type PasswordEvaluation } from '@/lib/password/policy';

/**
 * The live strength meter: a bar exposed as role="meter" with its level in words, the
 * estimated time to crack, and the warning and suggestions. Screen readers hear the level
 * politely once typing pauses for a second, not on every keystroke.
 */
export function StrengthMeter({
  evaluation,
  minLength,
  id,
}: {
  evaluation: PasswordEvaluation | null;
  minLength: number;
  id: string;
}) {
  const t = useTranslations('strength');
  const [announced, setAnnounced] = useState('');
  const label = evaluation ? t(`levels.${evaluation.levelName}`) : t('empty');
  const problem = evaluation ? mainProblem(evaluation.problems) : undefined;

  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(evaluation ? t('announce', { level: label }) : ''), 1000);
    return () => clearTimeout(timer);
  }, [evaluation, label, t]);

  const level = evaluation?.level ?? 0;
  return (
    <div className="strength" id={id}>
      <div className="strength-row">
        <span id={`${id}-label`} className="strength-title">
          {t('title')}
        </span>
        <div
          role="meter"
          aria-labelledby={`${id}-label`}
          aria-valuemin={0}
          aria-valuemax={4}
          aria-valuenow={evaluation ? level : 0}
          aria-valuetext={label}
          className="strength-bar"
        >
          <div
            className={`strength-fill level-${evaluation ? level : 'none'}`}
            style={{ width: evaluation ? `${(level + 1) * 20}%` : '0%' }}
          />
        </div>
        <span className="strength-label">{label}</span>
      </div>
      {evaluation && (
        <div className="strength-details">
          {evaluation.crackTime && <p>{t('crackTime', { time: evaluation.crackTime })}</p>}
          {problem && <p className="strength-problem">{t(`problems.${problem}`, { min: minLength })}</p>}
          {evaluation.warning && <p>{evaluation.warning}</p>}
          {evaluation.suggestions.length > 0 && (
            <ul>
              {evaluation.suggestions.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p aria-live="polite" className="visually-hidden">
        {announced}
      </p>
    </div>
  );
}
