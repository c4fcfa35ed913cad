/**
 * The options for adding a passkey to the signed-in person: a challenge sealed for them and
 * this session (5 minutes), their passkeys listed as excluded (an authenticator that holds
 * one already says so instead of making a second), a discoverable credential (so it can
 * sign in without an email address) with user verification required (so it is both
 * factors). No attestation is asked for: any authenticator the person trusts will do, and
 * asking would show them a privacy prompt for nothing.
 *
 * The caller decides whether the person may add one now (a recent sign-in or second look,
 * app/(account)/account/passkeys); the challenge then carries that decision to addPasskey.
 */
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/server';
import { getDb } from '@/lib/db/client';
import { passkeys } from '@/lib/db/schema';
import { CHALLENGE_SECONDS, issueChallenge } from './challenge';
import { SUPPORTED_ALGORITHMS, relyingParty, userHandleOf } from './relying-party';

/** More than anyone needs (a phone, a laptop, a key or two, a password manager), few enough to list. */
export const MAX_PASSKEYS_PER_PERSON = 20;

export async function startPasskeyRegistration(input: {
  user: { id: string; email: string; name: string };
  sessionId: string;
}): Promise<PublicKeyCredentialCreationOptionsJSON | { tooMany: true }> {
  const { user } = input;
  const db = await getDb();
  const existing = await db
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id))
    .orderBy(asc(passkeys.createdAt));
  if (existing.length >= MAX_PASSKEYS_PER_PERSON) return { tooMany: true };
  const rp = relyingParty();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: userHandleOf(user.id),
    userName: user.email,
    userDisplayName: user.name,
    challenge: issueChallenge('register', { userId: user.id, sessionId: input.sessionId }),
    timeout: CHALLENGE_SECONDS * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
}
