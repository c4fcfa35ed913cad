/**
 * Time-based one-time codes (RFC 6238) as authenticator apps make them: SHA-1, 6 digits,
 * 30-second steps. A code is accepted for its own step and one step either side (clock
 * drift and typing time), so it lives at most 90 s; the caller refuses a step it already
 * accepted (see two-step.ts), so each code works once. Time always comes from this
 * server's clock, never from the client.
 *
 * Pure (no database), so the window and step arithmetic are unit-tested directly.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted either side of now. */
export const TOTP_WINDOW = 1;

const CODE = /^\d{6}$/;

function totp(secretBase32: string, label = 'account', issuer = 'Gatehouse'): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new secret: 160 random bits from the platform's CSPRNG (RFC 4226's recommended size), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function otpauthUri(input: { secret: string; account: string; issuer: string }): string {
  return totp(input.secret, input.account, input.issuer).toString();
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** Digits only, spaces and dashes dropped ("123 456" is how apps show a code). */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function looksLikeTotpCode(input: string): boolean {
  return CODE.test(normaliseCode(input));
}

/** The time step a moment falls in. */
export function timeStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The time step `code` belongs to, if it is right for now or one step either side; null
 * otherwise. The caller must still refuse a step at or before the last one accepted.
 */
export function matchingStep(secret: string, code: string, nowMs: number = Date.now()): number | null {
  const token = normaliseCode(code);
  if (!CODE.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: nowMs, window: TOTP_WINDOW });
  return delta === null ? null : timeStep(nowMs) + delta;
}

/** The code for a moment (tests, and nothing else in the app: the server never shows a code). */
export function codeAt(secret: string, nowMs: number): string {
  return totp(secret).generate({ timestamp: nowMs });
}
