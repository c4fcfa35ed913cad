/**
 * Password suggestions, made with crypto.getRandomValues (browser and Node alike) and
 * rejection sampling, so every word and character is exactly equally likely.
 */

function randomIndex(n: number): number {
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError('n out of range');
  const limit = Math.floor(2 ** 32 / n) * n; // values >= limit would favour small indexes
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0]! < limit) return buf[0]! % n;
  }
}

export const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@^_';
const SEPARATORS = ['-', '.', '_', '+', '=', '~'];

/** A random password of `length` characters (default 20) from a 70-character alphabet without look-alikes. */
export function generateRandomPassword(length = 20): string {
  return Array.from({ length }, () => PASSWORD_ALPHABET[randomIndex(PASSWORD_ALPHABET.length)]).join('');
}

/**
 * A passphrase of `words` (4 to 6) random words from the list, joined by one random
 * separator, with one random digit after a random word: easy to type and remember.
 */
/** How many words the generator on the password forms suggests. */
export const SUGGESTED_PASSPHRASE_WORDS = 5;

export function generatePassphrase(wordList: readonly string[], words = SUGGESTED_PASSPHRASE_WORDS): string {
  if (words < 4 || words > 6) throw new RangeError('a passphrase has 4 to 6 words');
  const chosen = Array.from({ length: words }, () => wordList[randomIndex(wordList.length)]!);
  const separator = SEPARATORS[randomIndex(SEPARATORS.length)]!;
  const withDigit = randomIndex(words);
  chosen[withDigit] = `${chosen[withDigit]}${randomIndex(10)}`;
  return chosen.join(separator);
}

/** Entropy in bits of a generated passphrase: what an attacker who knows the recipe must search. */
export function passphraseEntropyBits(listSize: number, words: number): number {
  return words * Math.log2(listSize) + Math.log2(SEPARATORS.length) + Math.log2(words) + Math.log2(10);
}

export function randomPasswordEntropyBits(length = 20): number {
  return length * Math.log2(PASSWORD_ALPHABET.length);
}
