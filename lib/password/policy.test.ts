import { describe, expect, it } from 'vitest';
import { checkPassword } from './policy';

describe('password policy', () => {
  it.each([
    ['correct horse battery', [], 'long enough'],
    ['short', ['tooShort'], 'under 12 characters'],
    ['😀'.repeat(12), [], 'twelve emoji are twelve characters'],
    ['😀'.repeat(11), ['tooShort'], 'eleven emoji are too short even though they are 22 UTF-16 units'],
    ['x'.repeat(256), [], 'the maximum'],
    ['x'.repeat(257), ['tooLong'], 'over the maximum'],
    ['Anna@Example.org', ['sameAsEmail'], 'the email address, in other case'],
  ] as [string, string[], string][])('%j gives %j (%s)', (password, expected) => {
    expect(checkPassword(password, { email: 'anna@example.org' })).toEqual(expected);
  });

  it('checks the password exactly as typed (no trimming)', () => {
    expect(checkPassword('  eleven ch  ')).toEqual([]);
  });
});
