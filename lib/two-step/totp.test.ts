import { describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import {
  codeAt,
  groupedSecret,
  matchingStep,
  newTotpSecret,
  otpauthUri,
  timeStep,
  TOTP_PERIOD_SECONDS,
} from './totp';
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const t0 = Date.UTC(2026, 10, 27, 12, 0, 15); // 15 s into a step
const step = (n: number) => t0 + n * TOTP_PERIOD_SECONDS * 1000;

describe('TOTP (ASVS 6.5.5: a code lives one 30-second step, plus one step of drift either side)', () => {
  it('matches what a standard RFC 6238 authenticator computes for the same secret', () => {
    const app = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    expect(codeAt(secret, t0)).toBe(app.generate({ timestamp: t0 }));
    expect(matchingStep(secret, app.generate({ timestamp: t0 }), t0)).toBe(timeStep(t0));
  });

  it('accepts the previous and the next step, and names the step the code belongs to', () => {
    expect(matchingStep(secret, codeAt(secret, step(-1)), t0)).toBe(timeStep(t0) - 1);
    expect(matchingStep(secret, codeAt(secret, step(1)), t0)).toBe(timeStep(t0) + 1);
  });

  it('refuses a code two steps old or two steps ahead', () => {
    expect(matchingStep(secret, codeAt(secret, step(-2)), t0)).toBeNull();
    expect(matchingStep(secret, codeAt(secret, step(2)), t0)).toBeNull();
  });

  it('refuses anything that is not six digits, and ignores spaces as apps show them', () => {
    const code = codeAt(secret, t0);
    expect(matchingStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, t0)).toBe(timeStep(t0));
    expect(matchingStep(secret, code.slice(0, 5), t0)).toBeNull();
    expect(matchingStep(secret, `${code}0`, t0)).toBeNull();
    expect(matchingStep(secret, 'abcdef', t0)).toBeNull();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(matchingStep(secret, wrong, t0)).toBeNull();
  });

  it('makes 160-bit secrets that differ every time (ASVS 6.5.3) and an otpauth address apps read', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
    const uri = otpauthUri({ secret: a, account: 'anna@example.org', issuer: 'Care & Co' });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Care%20%26%20Co:anna%40example\.org\?/);
    expect(uri).toContain(`secret=${a}`);
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});

describe('recovery codes (ASVS 6.5.2: 120 random bits each, so a plain hash is enough)', () => {
  it('makes ten different codes of 24 base32 characters in four groups', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{6}(-[a-z2-7]{6}){3}$/);
  });

  it('reads a code however it is typed, and refuses what cannot be one', () => {
    const [code] = newRecoveryCodes(1);
    const plain = code!.replaceAll('-', '');
    expect(normaliseRecoveryCode(code!.toUpperCase().replaceAll('-', ' '))).toBe(plain);
    expect(normaliseRecoveryCode('123456')).toBeNull();
    expect(normaliseRecoveryCode(plain.slice(1))).toBeNull();
    expect(normaliseRecoveryCode(`${plain.slice(1)}1`)).toBeNull();
    expect(hashRecoveryCode(plain)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(plain)).not.toContain(plain);
  });
});
