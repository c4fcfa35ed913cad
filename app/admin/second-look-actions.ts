'use server';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { getCurrentUser, STAFF_ROLES } from '@/lib/auth/current-user';
import { startPasskeyCheck } from '@/lib/passkeys/start-passkey-check';

/**
 * A passkey challenge for the console's second look, sealed to this person and session
 * (lib/passkeys/second-look-with-passkey.ts checks the answer). Null without a signed-in
 * staff member or without any passkey.
 */
export async function startSecondLookPasskeyAction(): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const user = await getCurrentUser();
  if (!user || !STAFF_ROLES.includes(user.role)) return null;
  return startPasskeyCheck({ userId: user.id, sessionId: user.sessionId, purpose: 'reauthenticate' });
}
