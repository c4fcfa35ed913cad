/**
 * Adds a passkey to the signed-in person, from the browser's answer to the options of
 * startPasskeyRegistration:
 *
 * 1. The answer's shape, and its challenge: ours, for adding a passkey, for this person
 *    and this session, unexpired.
 * 2. The registration itself (@simplewebauthn/server): our origin and RP ID, the person
 *    verified by the authenticator.
 * 3. In one transaction: the challenge spent (once, on any instance); at most
 *    MAX_PASSKEYS_PER_PERSON; the passkey stored (its id is unique: the same one twice is
 *    refused) with its counter and backup flags and a name from its provider or device;
 *    audited; and the person emailed, in their language, so a passkey they did not add
 *    does not go unnoticed.
 *
 * Adding a passkey is not a re-authentication (it proves the new authenticator, not the
 * person): the session's second-look time is left as it was.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { passkeys, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { inTransaction } from '@/lib/accounts/steps';
import { openChallenge, spendChallenge } from './challenge';
import { deviceParts, PASSKEY_NAME_MAX, type DeviceParts } from './device-name';
import { SUPPORTED_ALGORITHMS, relyingParty } from './relying-party';
import { parseRegistration } from './response';
import { MAX_PASSKEYS_PER_PERSON } from './start-passkey-registration';

export type AddPasskeyResult =
  | { ok: true; passkeyId: string; name: string }
  | { ok: false; code: 'invalid' | 'expired' | 'replayed' | 'already_added' | 'too_many' | 'not_active' };

export async function addPasskey(input: {
  user: { id: string };
  sessionId: string;
  response: unknown;
  /** The default name, in the person's language, from what is known of the device. */
  nameFor: (device: DeviceParts) => string;
  userAgent?: string | null;
  ip?: string | null;
}): Promise<AddPasskeyResult> {
  const { user } = input;
  const response = parseRegistration(input.response);
  if (!response) return { ok: false, code: 'invalid' };
  const challenge = openChallenge(response.response.clientDataJSON, 'register', {
    userId: user.id,
    sessionId: input.sessionId,
  });
  if (!challenge.ok) return { ok: false, code: challenge.reason === 'expired' ? 'expired' : 'invalid' };

  const rp = relyingParty();
  let info;
  try {
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.signed,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    if (!verification.verified) return { ok: false, code: 'invalid' };
    info = verification.registrationInfo;
  } catch {
    return { ok: false, code: 'invalid' };
  }
  const name = input.nameFor(deviceParts(info.aaguid, input.userAgent)).slice(0, PASSKEY_NAME_MAX);

  return inTransaction(async (tx): Promise<AddPasskeyResult> => {
    if (!(await spendChallenge(tx, challenge))) return { ok: false, code: 'replayed' };
    // Locks the person's row: two additions at once are counted one after the other.
    const [person] = await tx
      .select({ email: users.email, name: users.name, locale: users.locale })
      .from(users)
      .where(and(eq(users.id, user.id), eq(users.status, 'active')))
      .for('update');
    if (!person) return { ok: false, code: 'not_active' };
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(passkeys)
      .where(eq(passkeys.userId, user.id));
    if (Number(count) >= MAX_PASSKEYS_PER_PERSON) return { ok: false, code: 'too_many' };
    const [added] = await tx
      .insert(passkeys)
      .values({
        userId: user.id,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: info.credential.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        aaguid: info.aaguid,
        name,
      })
      .onConflictDoNothing({ target: passkeys.credentialId })
      .returning({ id: passkeys.id, createdAt: passkeys.createdAt });
    if (!added) return { ok: false, code: 'already_added' };
    await recordAudit(tx, {
      action: 'passkey.added',
      actorId: user.id,
      targetId: user.id,
      ip: input.ip,
      details: { passkeyId: added.id, name, synced: info.credentialDeviceType === 'multiDevice' },
    });
    await queueEmail(tx, {
      to: person.email,
      userId: user.id,
      message: {
        template: 'passkey-added',
        props: {
          ...commonEmailProps(person.name, person.locale),
          passkeyName: name,
          addedAt: added.createdAt.toISOString(),
        },
      },
    });
    return { ok: true, passkeyId: added.id, name };
  });
}
