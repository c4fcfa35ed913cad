/**
 * The one password policy, used by the server (which enforces it) and the browser (which
 * previews it in the strength meter). No composition rules. A password is refused when it
 * is too short or too long (code points, exactly as typed), on a common-password list,
 * built mostly from context words (the person's email and name, the platform and product
 * name), or estimated weaker than zxcvbn score 3 (about 10^8 guesses).
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { codePointLength, PASSWORD_MAX } from './limits';

export const PASSWORD_MIN_DEFAULT = 12;
export const PRODUCT_NAME = 'Gatehouse';
/** Words of the place itself (NIST SP 800-63B's "context-specific words"). */
const SITE_WORDS = ['login', 'signin', 'password', 'passwort', 'wachtwoord', 'inloggen', 'welcome', 'welkom'];

export type PasswordProblem = 'tooShort' | 'tooLong' | 'sameAsEmail' | 'common' | 'contextWords' | 'weak';

export interface PasswordContext {
  email?: string;
  name?: string;
  platformName?: string;
}

export interface PolicyOptions {
  minLength?: number;
}

/** Meter levels: too weak, weak, fair, strong, very strong. Accepted from "fair" (level 2) up. */
export const STRENGTH_LEVELS = ['tooWeak', 'weak', 'fair', 'strong', 'veryStrong'] as const;
export type StrengthLevel = (typeof STRENGTH_LEVELS)[number];

export interface PasswordEvaluation {
  problems: PasswordProblem[];
  level: number;
  levelName: StrengthLevel;
  /** log10 of the estimated guesses: the meter's fine-grained value. */
  guessesLog10: number;
  /** Time to crack offline against our argon2id hashes (~10^4 guesses/s), as words. */
  crackTime: string;
  warning: string | null;
  suggestions: string[];
}

/** Words a password must not be built on: lower-cased, at least 3 letters. */
export function contextWords(context: PasswordContext): string[] {
  const words = new Set<string>();
  const add = (text?: string) => {
    if (!text) return;
    const lower = text.toLowerCase();
    if (lower.length >= 3) words.add(lower);
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  };
  add(context.email);
  add(context.email?.split('@')[0]);
  add(context.name);
  add(context.platformName);
  add(PRODUCT_NAME);
  SITE_WORDS.forEach((w) => words.add(w));
  return [...words].sort((a, b) => b.length - a.length);
}

/** True when, with the context words taken out, at most half of the password is left. */
function builtOnContextWords(password: string, words: string[]): boolean {
  let rest = password.toLowerCase();
  for (const w of words) rest = rest.split(w).join('');
  return rest.length < password.length && rest.length * 2 <= password.length;
}

export function checkLength(password: string, options: PolicyOptions = {}): PasswordProblem[] {
  const length = codePointLength(password);
  if (length < (options.minLength ?? PASSWORD_MIN_DEFAULT)) return ['tooShort'];
  if (length > PASSWORD_MAX) return ['tooLong'];
  return [];
}

function levelFor(guessesLog10: number): number {
  if (guessesLog10 < 6) return 0;
  if (guessesLog10 < 8) return 1;
  if (guessesLog10 < 10) return 2;
  if (guessesLog10 < 20) return 3;
  return 4;
}

export function evaluatePassword(
  estimator: ZxcvbnFactory,
  password: string,
  context: PasswordContext = {},
  options: PolicyOptions = {},
): PasswordEvaluation {
  const problems = checkLength(password, options);
  const words = contextWords(context);
  if (problems.includes('tooLong')) {
    // Not worth estimating (and estimation cost grows with length).
    return {
      problems,
      level: 0,
      levelName: 'tooWeak',
      guessesLog10: 0,
      crackTime: '',
      warning: null,
      suggestions: [],
    };
  }
  const result = estimator.check(password, words);
  const coverage = (dictionaryName: string) =>
    result.sequence
      .filter(
        (m) =>
          m.pattern === 'dictionary' && (m as { dictionaryName?: string }).dictionaryName === dictionaryName,
      )
      .reduce((n, m) => n + m.token.length, 0);

  if (context.email && password.toLowerCase() === context.email.toLowerCase()) problems.push('sameAsEmail');
  else if (coverage('userInputs') * 2 >= password.length || builtOnContextWords(password, words))
    problems.push('contextWords');
  if (coverage('passwords-common') * 2 >= password.length) problems.push('common');
  if (result.score < 3) problems.push('weak');

  // Anything refused for a reason other than its estimate is "too weak", whatever the estimate says.
  const level = problems.some((p) => p !== 'weak') ? 0 : levelFor(result.guessesLog10);
  return {
    problems,
    level,
    levelName: STRENGTH_LEVELS[level]!,
    guessesLog10: result.guessesLog10,
    crackTime: result.crackTimes.offlineSlowHashingXPerSecond.display,
    warning: result.feedback.warning,
    suggestions: result.feedback.suggestions,
  };
}

/** The first problem is the one to tell the person about. */
export const PROBLEM_ORDER: PasswordProblem[] = [
  'tooShort',
  'tooLong',
  'sameAsEmail',
  'common',
  'contextWords',
  'weak',
];
export function mainProblem(problems: PasswordProblem[]): PasswordProblem | undefined {
  return PROBLEM_ORDER.find((p) => problems.includes(p));
}
