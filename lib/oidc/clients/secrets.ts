/**
 * Client ids and secrets. A secret is 32 random bytes, shown once and stored as its sha256
 * only (ample at that entropy, like link tokens); the provider compares a presented secret
 * by hashing it (provider.ts).
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * Hex, not base64url: one id in 32 would start with "-", which a command line takes for an
 * option (`npm run clients -- rotate-secret --client-id -x…` refused as a usage error).
 */
export function newClientId(): string {
  return randomBytes(15).toString('hex');
}

export function newClientSecret(): { secret: string; hash: string } {
  // Secrets go in HTTP Basic or a form body, never after an option on a command line.
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashClientSecret(secret) };
}

export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
