/**
 * The strength estimator with its dictionaries (common passwords, English, Dutch) and
 * keyboard graphs. About 1 MB: the server loads it once; the browser imports this module
 * dynamically, after the page is interactive, so no page's first load grows because of it.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as nl from '@zxcvbn-ts/language-nl-be';

export function createEstimator(locale: 'en' | 'nl' = 'en'): ZxcvbnFactory {
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...nl.dictionary },
    graphs: common.adjacencyGraphs,
    translations: locale === 'nl' ? nl.translations : en.translations,
    // Levenshtein matching makes a check 10-20 times slower (200-600 ms) for little gain.
    useLevenshteinDistance: false,
  });
}

/** The word list the passphrase generator draws from (EFF-style diceware, 7,776 words). */
export const passphraseWords: readonly string[] = common.dictionary['diceware-common'];
