/**
 * The check every use of a passkey shares (signing in, the second step, proving it is
 * still you): the assertion is signed by this passkey's key over our challenge, made for
 * our origin and RP ID, with the person verified by the authenticator (PIN, fingerprint,
 * face: user verification required, so a passkey is both factors), its signature counter
 * not gone backwards (a cloned authenticator), and its user handle, when sent, that of the
 * passkey's owner. @simplewebauthn/server does the cryptography and the WebAuthn rules.
 */
import 'server-only';
import {
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type CredentialDeviceType,
} from '@simplewebauthn/server';
import { relyingParty, userHandleText } from './relying-party';

export interface StoredPasskey {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
}

export type AssertionCheck =
  | { ok: true; newCounter: number; deviceType: CredentialDeviceType; backedUp: boolean }
  /** `reason` is for the audit trail only: what was wrong, never anything secret. */
  | { ok: false; reason: string };

/** Why the library refused, in a word the audit trail and the tests can read. */
function reasonOf(message: string): string {
  if (/origin/i.test(message)) return 'wrong_origin';
  if (/RP ?ID/i.test(message)) return 'wrong_rp_id';
  if (/counter/i.test(message)) return 'counter_went_back';
  if (/user verification|could not be verified/i.test(message)) return 'not_user_verified';
  if (/not present/i.test(message)) return 'not_user_present';
  if (/challenge/i.test(message)) return 'wrong_challenge';
  if (/type/i.test(message)) return 'wrong_type';
  return 'malformed';
}

export async function verifyAssertion(
  response: AuthenticationResponseJSON,
  signedChallenge: string,
  passkey: StoredPasskey,
): Promise<AssertionCheck> {
  const rp = relyingParty();
  if (response.response.userHandle && response.response.userHandle !== userHandleText(passkey.userId))
    return { ok: false, reason: 'wrong_user' };
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: signedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: true,
    });
    if (!verified) return { ok: false, reason: 'bad_signature' };
    return {
      ok: true,
      newCounter: authenticationInfo.newCounter,
      deviceType: authenticationInfo.credentialDeviceType,
      backedUp: authenticationInfo.credentialBackedUp,
    };
  } catch (error) {
    return { ok: false, reason: reasonOf(error instanceof Error ? error.message : '') };
  }
}
