import { describe, expect, it } from 'vitest';
import { suggestEmailCorrection } from './email-typo';

describe('email typo hint', () => {
  it.each([
    ['anna@gmial.com', 'anna@gmail.com'],
    ['anna@hotmial.com', 'anna@hotmail.com'],
    ['anna@outlook.con', 'anna@outlook.com'],
    ['anna@kpnmial.nl', 'anna@kpnmail.nl'],
    ['anna@zigo.nl', 'anna@ziggo.nl'],
  ])('suggests a correction for %s', (typed, suggested) => {
    expect(suggestEmailCorrection(typed)).toBe(suggested);
  });

  it.each(['anna@gmail.com', 'anna@ziggo.nl', 'anna@example.org', 'anna@care-clinic.nl', 'not an email', ''])(
    'leaves %j alone',
    (typed) => {
      expect(suggestEmailCorrection(typed)).toBeNull();
    },
  );
});
