/**
 * The session cookie's token: next-auth's own format (an encrypted JWT, "dir" +
 * A256CBC-HS512, with the key derived from AUTH_SECRET by HKDF and named by its JWK
 * thumbprint), made and read exactly as @auth/core's jwt.encode/decode do, with one
 * difference: the derived key and its thumbprint are computed once per secret and salt,
 * not at every call. next-auth derives them again for every sign-in and for every request
 * that reads a session (and re-encodes the cookie): HKDF and a SHA-512 on the crypto thread
 * pool each time, for a value that never changes while the process runs.
 *
 * Tokens made by either implementation are read by the other (session-token.test.ts), so
 * cookies issued before this change stay valid.
 */
import { hkdfSync } from 'node:crypto';
import { EncryptJWT, base64url, calculateJwkThumbprint, jwtDecrypt } from 'jose';
import type { JWT, JWTDecodeParams, JWTEncodeParams } from 'next-auth/jwt';

const ALG = 'dir';
const ENC = 'A256CBC-HS512';
/** next-auth's default lifetime when none is passed (30 days). */
const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;
/** Key lengths of the content encryptions next-auth reads (it writes only A256CBC-HS512). */
const KEY_BYTES: Record<string, number> = { 'A256CBC-HS512': 64, A256GCM: 32 };

interface DerivedKey {
  key: Uint8Array;
  /** The key's JWK thumbprint: the token's "kid", which says which secret made it. */
  kid: string;
}

/** By encryption, salt (the cookie's name) and secret: a handful of entries per process. */
const derived = new Map<string, Promise<DerivedKey>>();

function derivedKey(encryption: string, secret: string, salt: string): Promise<DerivedKey> {
  const bytes = KEY_BYTES[encryption];
  if (!bytes) return Promise.reject(new Error('Unsupported JWT Content Encryption Algorithm'));
  const id = `${encryption}\0${salt}\0${secret}`;
  let entry = derived.get(id);
  if (!entry) {
    // The same derivation as @auth/core (getDerivedEncryptionKey, with @panva/hkdf).
    const key = new Uint8Array(
      hkdfSync('sha256', secret, salt, `Auth.js Generated Encryption Key (${salt})`, bytes),
    );
    entry = calculateJwkThumbprint(
      { kty: 'oct', k: base64url.encode(key) },
      `sha${bytes << 3}` as 'sha512',
    ).then((kid) => ({ key, kid }));
    derived.set(id, entry);
  }
  return entry;
}

const secretsOf = (secret: string | string[]) => (Array.isArray(secret) ? secret : [secret]);
const now = () => (Date.now() / 1000) | 0;

export async function encodeSessionToken(params: JWTEncodeParams): Promise<string> {
  const { token = {}, secret, maxAge = DEFAULT_MAX_AGE, salt } = params;
  const { key, kid } = await derivedKey(ENC, secretsOf(secret)[0]!, salt);
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: ALG, enc: ENC, kid })
    .setIssuedAt()
    .setExpirationTime(now() + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const { token, secret, salt } = params;
  if (!token) return null;
  const { payload } = await jwtDecrypt<JWT>(
    token,
    async ({ kid, enc }) => {
      for (const s of secretsOf(secret)) {
        const candidate = await derivedKey(enc, s, salt);
        if (kid === undefined || kid === candidate.kid) return candidate.key;
      }
      throw new Error('no matching decryption secret');
    },
    { clockTolerance: 15, keyManagementAlgorithms: [ALG], contentEncryptionAlgorithms: [ENC, 'A256GCM'] },
  );
  return payload;
}
