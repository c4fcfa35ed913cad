'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { PasswordEvaluation, PasswordContext } from '@/lib/password/policy';

type EstimatorModule = typeof import('@/lib/password/zxcvbn-options');

/**
 * Loads the strength estimator on first use (not with the page: its dictionaries are
 * about 1 MB) and evaluates the password shortly after typing pauses.
 */
export function useStrengthEstimate(
  password: string,
  context: PasswordContext,
  minLength: number,
  locale: 'en' | 'nl',
) {
  const [mod, setMod] = useState<EstimatorModule | null>(null);
  const [estimator, setEstimator] = useState<ReturnType<EstimatorModule['createEstimator']> | null>(null);
  const [evaluation, setEvaluation] = useState<PasswordEvaluation | null>(null);
  const loading = useRef(false);

  const load = useCallback(() => {
    if (loading.current) return;
    loading.current = true;
    void import('@/lib/password/zxcvbn-options').then((m) => {
      setMod(m);
      setEstimator(m.createEstimator(locale));
    });
  }, [locale]);

  const contextKey = JSON.stringify(context);
  useEffect(() => {
    if (!estimator || !password) return;
    const timer = setTimeout(() => {
      void import('@/lib/password/policy').then(({ evaluatePassword }) =>
        setEvaluation(
          evaluatePassword(estimator, password, JSON.parse(contextKey) as PasswordContext, { minLength }),
        ),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [estimator, password, contextKey, minLength]);

  // An empty field has no evaluation (derived here rather than reset in the effect).
  return {
    load,
    ready: estimator !== null,
    evaluation: password ? evaluation : null,
    words: mod?.passphraseWords ?? null,
  };
}
