/**
 * Checks that a signed-in person (or one owing the second step) used one of their own
 * passkeys just now, for the purpose the challenge was issued for (startPasskeyCheck).
 *
 * Throttled like a code from the authenticator app (lib/two-step: the person's own key in
 * the sign-in throttle, reserved before the check, given back on success), so a refused
 * assertion counts like a wrong code. The challenge is spent in the transaction that stores
 * the passkey's new counter, so of two requests with one assertion exactly one succeeds.
 * The caller then does what the check unlocked (finish the sign-in, restart the second
 * look, remove a passkey).
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { passkeys } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { signInSucceeded } from '@/lib/auth/sign-in-throttle';
import { codeThrottleKey, reserveCodeAttempt, type Throttled } from '@/lib/two-step/reserve-code-attempt';
import { openChallenge, spendChallenge } from './challenge';
import { parseAssertion } from './response';
import { verifyAssertion } from './verify-assertion';

export type PasskeyCheckResult =
  | { ok: true; passkeyId: string }
  | { ok: false; code: 'invalid' | 'expired' | 'replayed' | 'unknown_passkey' }
  | Throttled;

export async function checkPasskey(input: {
  userId: string;
  sessionId: string;
  purpose: 'second_step' | 'reauthenticate';
  /** Where it was asked, for the audit trail: sign_in, second_look, remove_passkey, add_passkey. */
  during: string;
  response: unknown;
  ip?: string | null;
}): Promise<PasskeyCheckResult> {
  const { userId, during } = input;
  const ip = input.ip ?? null;
  const response = parseAssertion(input.response);
  if (!response) return { ok: false, code: 'invalid' };
  const challenge = openChallenge(response.response.clientDataJSON, input.purpose, {
    userId,
    sessionId: input.sessionId,
  });
  if (!challenge.ok) return { ok: false, code: challenge.reason };

  const db = await getDb();
  const [passkey] = await db
    .select({
      id: passkeys.id,
      userId: passkeys.userId,
      credentialId: passkeys.credentialId,
      publicKey: passkeys.publicKey,
      counter: passkeys.counter,
      transports: passkeys.transports,
    })
    .from(passkeys)
    .where(and(eq(passkeys.credentialId, response.id), eq(passkeys.userId, userId)));

  const throttled = await reserveCodeAttempt({ userId, ip, during, via: 'passkey' });
  if (throttled) return throttled;

  const check = passkey
    ? await verifyAssertion(response, challenge.signed, passkey)
    : ({ ok: false, reason: 'unknown_passkey' } as const);
  if (!check.ok) {
    await recordAudit(db, {
      action: 'passkey.failed',
      actorId: userId,
      targetId: userId,
      ip,
      details: { during, problem: check.reason, ...(passkey ? { passkeyId: passkey.id } : {}) },
    });
    return { ok: false, code: passkey ? 'invalid' : 'unknown_passkey' };
  }

  const spent = await db.transaction(async (tx) => {
    if (!(await spendChallenge(tx, challenge))) {
      await recordAudit(tx, {
        action: 'passkey.failed',
        actorId: userId,
        targetId: userId,
        ip,
        details: { during, problem: 'replayed', passkeyId: passkey!.id },
      });
      return false;
    }
    await tx
      .update(passkeys)
      .set({
        counter: sql`greatest(${passkeys.counter}, ${check.newCounter})`,
        backedUp: check.backedUp,
        deviceType: check.deviceType,
        lastUsedAt: sql`now()`,
      })
      .where(eq(passkeys.id, passkey!.id));
    await recordAudit(tx, {
      action: 'passkey.verified',
      actorId: userId,
      targetId: userId,
      ip,
      details: { during, passkeyId: passkey!.id },
    });
    return true;
  });
  if (!spent) return { ok: false, code: 'replayed' };
  await signInSucceeded(codeThrottleKey(userId), ip);
  return { ok: true, passkeyId: passkey!.id };
}
