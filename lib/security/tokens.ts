/**
 * Link tokens: 32 random bytes, base64url. Only their sha256 is ever stored, so a copy
 * of the database does not hand out working links.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_BYTES = 32;
/** 32 bytes in unpadded base64url. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when the text has the shape of a token we issue; anything else is refused unread. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_PATTERN.test(token);
}
