import { describe, expect, it } from 'vitest';
import { createEstimator } from './zxcvbn-options';
import { checkLength, contextWords, evaluatePassword, mainProblem, type PasswordProblem } from './policy';

const estimator = createEstimator('en');
const anna = { email: 'anna.devries@example.org', name: 'Anna de Vries', platformName: 'Zorgplatform Noord' };

describe('password policy', () => {
  it.each<[string, PasswordProblem[], string]>([
    ['lantern-orchard-quietly-47', [], 'unrelated words with a number: accepted'],
    ['IDrink3CoffeePerDay!ButIAlsoDrink2Tea!', [], 'the long seed passphrase: accepted'],
    ['correct horse battery staple', [], 'four random words'],
    ['short', ['tooShort', 'weak'], 'under 12 characters'],
    ['Password123!', ['common', 'contextWords', 'weak'], 'a commonly used password, built on "password"'],
    ['qwerty123456', ['common', 'weak'], 'a keyboard pattern on the common list'],
    ['wachtwoord123', ['contextWords', 'weak'], 'Dutch for "password" with a sequence'],
    ['fietsfiets123', ['weak'], 'a Dutch word doubled, with a sequence'],
    ['aaaaaaaaaaaaaaaa', ['weak'], 'one repeated character'],
    ['anna.devries@example.org', ['sameAsEmail', 'weak'], 'the email address itself'],
    ['Anna-de-Vries-1985', ['contextWords'], 'the person\u2019s name and a year'],
    ['Zorgplatform-Noord-2025', ['contextWords'], 'the platform name'],
    ['Gatehouse-login-2025', ['contextWords'], 'the product name'],
    ['Welkom-wachtwoord-1!', ['contextWords'], 'words of the sign-in page itself'],
  ])('%#: %j is refused for %j (%s)', (password, expected) => {
    expect(evaluatePassword(estimator, password, anna).problems.sort()).toEqual([...expected].sort());
  });

  it('refuses over 256 characters without estimating', () => {
    expect(evaluatePassword(estimator, 'x'.repeat(257), anna).problems).toEqual(['tooLong']);
  });

  it('counts code points, exactly as typed, with a configurable minimum', () => {
    expect(checkLength('😀'.repeat(12))).toEqual([]);
    expect(checkLength('😀'.repeat(11))).toEqual(['tooShort']);
    expect(checkLength('abcdefghij', { minLength: 8 })).toEqual([]);
    expect(checkLength('abcdefghij', { minLength: 16 })).toEqual(['tooShort']);
    expect(checkLength('x'.repeat(256))).toEqual([]);
  });

  it('rates the seed passphrases as the help page says, and Password123! too weak', () => {
    const short = evaluatePassword(estimator, 'IDrink3CoffeePerDay!', anna);
    const long = evaluatePassword(estimator, 'IDrink3CoffeePerDay!ButIAlsoDrink2Tea!', anna);
    const common = evaluatePassword(estimator, 'Password123!', anna);
    expect(long.guessesLog10).toBeGreaterThan(short.guessesLog10);
    expect(long.level).toBeGreaterThan(short.level);
    expect(long.levelName).toBe('veryStrong');
    expect(short.levelName).toBe('strong');
    expect(common.levelName).toBe('tooWeak');
    expect(common.warning).toMatch(/commonly used/);
  });

  it('derives context words from email, name, platform and product', () => {
    expect(contextWords(anna)).toEqual(
      expect.arrayContaining([
        'anna.devries@example.org',
        'anna',
        'devries',
        'example',
        'vries',
        'zorgplatform',
        'noord',
        'gatehouse',
      ]),
    );
  });

  it('names the most useful problem first', () => {
    expect(mainProblem(['weak', 'common'])).toBe('common');
    expect(mainProblem(['weak', 'tooShort'])).toBe('tooShort');
    expect(mainProblem([])).toBeUndefined();
  });
});
