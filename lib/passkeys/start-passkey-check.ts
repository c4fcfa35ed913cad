/**
 * The options for a signed-in person (or one halfway through signing in) to show it is
 * them with one of their passkeys: the second step after a password, the console's second
 * look, confirming a passkey's removal. The challenge is sealed for this person, this
 * session and this purpose (5 minutes); their passkeys are listed, so the browser offers
 * only those. Null when they have none.
 */
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { getDb } from '@/lib/db/client';
import { passkeys } from '@/lib/db/schema';
import { CHALLENGE_SECONDS, issueChallenge } from './challenge';
import { relyingParty } from './relying-party';

export async function startPasskeyCheck(input: {
  userId: string;
  sessionId: string;
  purpose: 'second_step' | 'reauthenticate';
}): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const db = await getDb();
  const own = await db
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, input.userId))
    .orderBy(asc(passkeys.createdAt));
  if (own.length === 0) return null;
  return generateAuthenticationOptions({
    rpID: relyingParty().id,
    challenge: issueChallenge(input.purpose, { userId: input.userId, sessionId: input.sessionId }),
    timeout: CHALLENGE_SECONDS * 1000,
    userVerification: 'required',
    allowCredentials: own.map((p) => ({ id: p.credentialId, transports: p.transports })),
  });
}
