import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, isWellFormedToken } from './tokens';

describe('link tokens', () => {
  it('are 32 random bytes in base64url and unique over 1,000 samples', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const t = generateToken();
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      expect(isWellFormedToken(t)).toBe(true);
      seen.add(t);
    }
    expect(seen.size).toBe(1000);
  });

  it('hash to a stable sha256 that does not contain the token', () => {
    const t = generateToken();
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
  });

  it.each(['', 'short', 'a'.repeat(44), 'a'.repeat(42) + '=', 'a'.repeat(42) + '/', '../../etc/passwd'])(
    'refuse the malformed token %j',
    (t) => {
      expect(isWellFormedToken(t)).toBe(false);
    },
  );
});
