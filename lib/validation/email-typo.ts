/**
 * "Did you mean …?" for likely typos in the domain of an email address (gmial.com,
 * hotmial.com, outlook.con). Runs in the browser before saving and on the server for the
 * command line. Suggestions only: a domain we do not know is never refused.
 */
import spellChecker from '@zootools/email-spell-checker';

const DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.nl',
  'outlook.com',
  'outlook.nl',
  'live.com',
  'live.nl',
  'icloud.com',
  'me.com',
  'yahoo.com',
  'ziggo.nl',
  'kpnmail.nl',
  'kpnplanet.nl',
  'planet.nl',
  'xs4all.nl',
  'home.nl',
  'telenet.be',
  'skynet.be',
  'proton.me',
  'protonmail.com',
];
const SECOND_LEVEL = [
  'gmail',
  'hotmail',
  'outlook',
  'live',
  'icloud',
  'yahoo',
  'ziggo',
  'kpnmail',
  'planet',
  'xs4all',
  'telenet',
  'proton',
  'protonmail',
];
const TOP_LEVEL = ['com', 'nl', 'be', 'org', 'net', 'eu', 'de', 'me', 'co.uk', 'info', 'nu'];

/** The corrected address when the domain looks like a typo of a common one, else null. */
export function suggestEmailCorrection(email: string): string | null {
  const trimmed = email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(trimmed)) return null;
  const suggestion = spellChecker.run({
    email: trimmed,
    domains: DOMAINS,
    secondLevelDomains: SECOND_LEVEL,
    topLevelDomains: TOP_LEVEL,
  });
  return suggestion && suggestion.full !== trimmed ? suggestion.full : null;
}
