/**
 * Client ids and secrets. A secret is 32 random bytes, shown once and stored as its sha256
 * only (ample at that entropy, like link tokens); the provider compares a presented secret
 * by hashing it (provider.ts).
 */
import { createHash, randomBytes } from 'node:crypto';

export function newClientId(): string {
  return randomBytes(15).toString('base64url');
}

export function newClientSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashClientSecret(secret) };
}

export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
