/**
 * The options for signing in with a passkey from /login, by the button or in the email
 * field's autofill: a fresh challenge (sealed, 5 minutes, nothing stored) and no list of
 * credentials, so the browser offers whichever passkeys it holds for this site (and only
 * this site: the RP ID is APP_URL's host). User verification is required: the passkey
 * stands for both factors.
 */
import 'server-only';
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { CHALLENGE_SECONDS, issueChallenge } from './challenge';
import { relyingParty } from './relying-party';

export async function startPasskeySignIn(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: relyingParty().id,
    challenge: issueChallenge('sign_in'),
    timeout: CHALLENGE_SECONDS * 1000,
    userVerification: 'required',
  });
}
