/**
 * Recovery codes, for a person whose phone is lost: ten at enrolment, each usable once.
 *
 * Each code is 24 characters of base32 (120 random bits from the CSPRNG), shown in four
 * groups of six. With that much entropy nobody can guess or brute-force one from its
 * hash, so a plain sha256 is enough (ASVS 6.5.2: a standard hash is fine from 112 bits);
 * argon2 would only make sign-in slower. Pure, so it is unit-tested directly.
 */
import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const LENGTH = 24;

export function newRecoveryCode(): string {
  // 24 bytes, each reduced to 5 bits (256 is a multiple of 32, so every letter is equally likely).
  const bytes = randomBytes(LENGTH);
  const chars = Array.from(bytes, (b) => ALPHABET[b % 32]).join('');
  return chars.match(/.{6}/g)!.join('-');
}

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, newRecoveryCode);
}

/** As typed: case, spaces and dashes do not matter. Null when it cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | null {
  const plain = input.toLowerCase().replace(/[\s-]/g, '');
  return plain.length === LENGTH && [...plain].every((c) => ALPHABET.includes(c)) ? plain : null;
}

export function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

/** The text file a person downloads: the codes and what they are for. */
export function recoveryCodesFile(input: {
  platform: string;
  account: string;
  codes: string[];
  heading: string;
}): string {
  return [input.heading, `${input.platform} · ${input.account}`, '', ...input.codes, ''].join('\n');
}
