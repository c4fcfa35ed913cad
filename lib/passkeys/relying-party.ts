/**
 * Who we are to an authenticator: the relying party. Its id is APP_URL's host name and the
 * one origin we accept is APP_URL's, so a passkey made here works only here: a look-alike
 * address (or this app reached under another name) gets nothing from the browser, and an
 * assertion made for any other origin is refused (lib/passkeys/verify-assertion.ts).
 */
import { COSEALG } from '@simplewebauthn/server/helpers';
import { env } from '@/lib/env';

/**
 * The signature algorithms we accept for new passkeys: EdDSA, ES256 (what nearly every
 * authenticator uses) and RS256 (Windows Hello). Named here rather than left to the
 * library, whose default adds ML-DSA-44 where the runtime has it: experimental in Node 24
 * (it prints a warning at first use), and no authenticator people carry makes such keys.
 */
export const SUPPORTED_ALGORITHMS = [COSEALG.EdDSA, COSEALG.ES256, COSEALG.RS256];

export interface RelyingParty {
  /** The RP ID: APP_URL's host name, without port (WebAuthn ids are domains). */
  id: string;
  /** The only origin an assertion or registration may come from. */
  origin: string;
  /** Shown by some authenticators next to the account. */
  name: string;
}

export function relyingParty(): RelyingParty {
  const url = new URL(env.APP_URL);
  return { id: url.hostname, origin: url.origin, name: env.PLATFORM_NAME };
}

/**
 * A person's WebAuthn user handle: their account id's 16 bytes. It is random and says
 * nothing about them (the spec forbids names or addresses here), and never changes when
 * their email address does.
 */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));
}

/** userHandleOf, base64url, as the browser sends it back in an assertion. */
export function userHandleText(userId: string): string {
  return Buffer.from(userHandleOf(userId)).toString('base64url');
}
