/**
 * The argon2 pool's worker (lib/auth/password-hash.ts): runs in a worker thread, loaded
 * from disk by piscina (plain JavaScript, never bundled). Hashing here keeps all of
 * argon2's work, including the 19 MiB it fills, off the thread that serves requests.
 */
import { hashSync, verifySync } from '@node-rs/argon2';

export function hash({ password, options }) {
  return hashSync(password, options);
}

export function verify({ phc, password }) {
  try {
    return verifySync(phc, password);
  } catch {
    return false; // a malformed stored hash never lets anyone in
  }
}
