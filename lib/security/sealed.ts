/**
 * Authenticated encryption (AES-256-GCM) for data the database must hold but should not
 * be able to read: outbox payloads carry links with raw tokens, users.two_step_secret the
 * seed of a person's codes. The key is derived from the auth secret with HKDF, one key per
 * purpose (so a value sealed for one use cannot be passed off as another), so rotating
 * AUTH_SECRET also retires old payloads (and, note, two-step secrets: people re-enrol).
 */
import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { authSecret } from './secret';

const VERSION = 'v1';
/**
 * GCM's full 128-bit tag. Pinned when opening: without `authTagLength` Node accepts any
 * prefix of the tag (down to 4 bytes), and a 32-bit tag can be forged by trying.
 */
const TAG_BYTES = 16;
/** What a value is sealed for; each has its own key. The outbox's was the first and stays the default. */
export type SealPurpose =
  | 'email-outbox-payload'
  | 'two-step-secret'
  | 'two-step-enrolment'
  | 'recovery-codes-download'
  | 'passkey-challenge'
  | 'oidc-signing-key';
const keys = new Map<SealPurpose, Buffer>();

function sealingKey(purpose: SealPurpose): Buffer {
  let key = keys.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', authSecret(), 'gatehouse', purpose, 32));
    keys.set(purpose, key);
  }
  return key;
}

export function seal(value: unknown, purpose: SealPurpose = 'email-outbox-payload'): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(purpose), iv, { authTagLength: TAG_BYTES });
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    body.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
  ].join('.');
}

export function unseal<T>(sealed: string, purpose: SealPurpose = 'email-outbox-payload'): T {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || !iv || !body || !tag) throw new Error('Not a sealed value.');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (tagBytes.length !== TAG_BYTES) throw new Error('Not a sealed value.');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(purpose), Buffer.from(iv, 'base64url'), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAuthTag(tagBytes);
  const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as T;
}
