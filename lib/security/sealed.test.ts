import { describe, expect, it } from 'vitest';
import { seal, unseal } from './sealed';

describe('sealed values', () => {
  it('round-trip and do not contain the plain text', () => {
    const value = { link: 'http://x/welcome?token=abcdefSECRET', n: 1 };
    const sealed = seal(value);
    expect(sealed).not.toContain('SECRET');
    expect(unseal(sealed)).toEqual(value);
    expect(seal(value)).not.toBe(sealed); // fresh IV every time
  });

  it('refuse a tampered value', () => {
    const sealed = seal({ a: 1 });
    const parts = sealed.split('.');
    parts[2] = Buffer.from('{"a":2}').toString('base64url');
    expect(() => unseal(parts.join('.'))).toThrow();
    expect(() => unseal('garbage')).toThrow();
  });

  it('use one key per purpose: a value sealed for one use does not open as another', () => {
    const sealed = seal({ secret: 'JBSWY3DP' }, 'two-step-secret');
    expect(unseal(sealed, 'two-step-secret')).toEqual({ secret: 'JBSWY3DP' });
    expect(() => unseal(sealed)).toThrow();
    expect(() => unseal(sealed, 'two-step-enrolment')).toThrow();
  });
});
