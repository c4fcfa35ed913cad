import { describe, expect, it } from 'vitest';
import { securityTxt } from './security-txt';

describe('security.txt (RFC 9116)', () => {
  it('lists each contact, the expiry in RFC 3339, the languages and its canonical address', () => {
    const text = securityTxt({
      contact: ['mailto:security@care.example.org', 'https://care.example.org/report'],
      expires: new Date('2027-06-30T23:59:59.000Z'),
      languages: ['nl', 'en'],
      canonical: 'https://care.example.org/.well-known/security.txt',
    });
    expect(text).toBe(
      [
        'Contact: mailto:security@care.example.org',
        'Contact: https://care.example.org/report',
        'Expires: 2027-06-30T23:59:59Z',
        'Preferred-Languages: nl, en',
        'Canonical: https://care.example.org/.well-known/security.txt',
        '',
      ].join('\n'),
    );
  });

  it('writes every field on one line of its own, "Name: value", with exactly one Expires', () => {
    const text = securityTxt({
      contact: ['tel:+31-20-555-0100'],
      expires: new Date('2027-01-01T00:00:00Z'),
      languages: ['en'],
      canonical: 'http://localhost:3000/.well-known/security.txt',
    });
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^[A-Za-z-]+: \S.*$/);
    expect(lines.filter((l) => l.startsWith('Expires:'))).toHaveLength(1);
    expect(text.endsWith('\n')).toBe(true);
  });
});
