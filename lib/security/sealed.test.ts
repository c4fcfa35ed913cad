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

describe('sealed values: the authentication tag (ASVS 11.3.3)', () => {
  it('refuse a value whose tag was cut short (GCM accepts a prefix of the tag unless its length is pinned)', () => {
    const sealed = seal({ link: 'http://x/welcome?token=abc' });
    const parts = sealed.split('.');
    const tag = Buffer.from(parts[3]!, 'base64url');
    expect(tag).toHaveLength(16);
    for (const length of [4, 8, 12, 15]) {
      parts[3] = tag.subarray(0, length).toString('base64url');
      expect(() => unseal(parts.join('.')), `${length}-byte tag`).toThrow();
    }
  });
});
