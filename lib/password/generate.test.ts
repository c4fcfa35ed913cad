import { describe, expect, it } from 'vitest';
import { createEstimator, passphraseWords } from './zxcvbn-options';
import { evaluatePassword } from './policy';
import {
  generatePassphrase,
  generateRandomPassword,
  PASSWORD_ALPHABET,
  passphraseEntropyBits,
  randomPasswordEntropyBits,
  SUGGESTED_PASSPHRASE_WORDS,
} from './generate';

describe('password generator', () => {
  it('makes 20-character passwords from its alphabet, all different', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const p = generateRandomPassword();
      expect(Array.from(p)).toHaveLength(20);
      for (const ch of p) expect(PASSWORD_ALPHABET).toContain(ch);
      seen.add(p);
    }
    expect(seen.size).toBe(500);
    expect(randomPasswordEntropyBits()).toBeGreaterThan(120);
  });

  it('uses every alphabet character about equally often', () => {
    const counts = new Map<string, number>();
    const total = 20 * 2000;
    for (let i = 0; i < 2000; i++)
      for (const ch of generateRandomPassword()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(PASSWORD_ALPHABET.length);
    const expected = total / PASSWORD_ALPHABET.length;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.25);
  });

  it.each([4, 5, 6])('makes passphrases of %i list words with one digit and one separator', (words) => {
    const list = new Set(passphraseWords);
    for (let i = 0; i < 50; i++) {
      const phrase = generatePassphrase(passphraseWords, words);
      const parts = phrase.split(/[-._+=~]/);
      expect(parts).toHaveLength(words);
      expect(phrase.match(/\d/g)).toHaveLength(1);
      for (const part of parts) expect(list.has(part.replace(/\d$/, ''))).toBe(true);
    }
    expect(passphraseEntropyBits(passphraseWords.length, words)).toBeGreaterThan(words * 12.9);
  });

  it('refuses a word count outside 4 to 6', () => {
    expect(() => generatePassphrase(passphraseWords, 3)).toThrow();
    expect(() => generatePassphrase(passphraseWords, 7)).toThrow();
  });

  // What the password forms suggest (5 words). Four words of the list can, rarely, be half
  // made of common passwords and be refused as 'common' (seen once in CI).
  it('suggests only what the policy accepts', () => {
    const estimator = createEstimator('en');
    for (let i = 0; i < 20; i++) {
      expect(
        evaluatePassword(estimator, generatePassphrase(passphraseWords, SUGGESTED_PASSPHRASE_WORDS), {
          email: 'a@example.org',
        }).problems,
      ).toEqual([]);
      expect(
        evaluatePassword(estimator, generateRandomPassword(), { email: 'a@example.org' }).problems,
      ).toEqual([]);
    }
    // Loading the dictionaries and 40 estimates take seconds on a busy machine; 5 s was flaky there.
  }, 30_000);
});
