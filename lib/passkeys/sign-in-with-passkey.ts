/**
 * Signs in with a passkey: every rule of the password path holds (lib/auth/verify-credentials.ts).
 *
 * 1. The answer's shape and its challenge (ours, for signing in, unexpired): no database yet.
 * 2. The passkey, by the id the browser names, and its owner. An unknown one (removed here,
 *    or never ours) counts as a failed attempt of the client's address.
 * 3. Throttling exactly as for a password, reserved before the check: the owner's address
 *    and the client's IP; a refused assertion stays counted as a failure.
 * 4. The assertion itself (verify-assertion.ts).
 * 5. In one transaction: the challenge spent (it works once, on any instance), then, for a
 *    deactivated account, the deactivated answer (only a verified passkey may learn that);
 *    else in one statement the throttle given back, the counter and backup flags stored,
 *    the sign-in recorded and audited, and the session made. A passkey is both factors, so
 *    the session is complete at once (no second step).
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/rows';
import { passkeys, users } from '@/lib/db/schema';
import { auditInsert, recordAudit } from '@/lib/audit/record';
import { sessionInsert } from '@/lib/sessions/session-insert';
import { reserveSignInAttempt, signInSucceeded, successReleases } from '@/lib/auth/sign-in-throttle';
import { consume, LIMITS } from '@/lib/security/rate-limit';
import { openChallenge, spendChallenge } from './challenge';
import { parseAssertion } from './response';
import { verifyAssertion } from './verify-assertion';

export type PasskeySignInResult =
  | { ok: true; userId: string; sessionId: string }
  /** invalid: not a valid assertion of this passkey for this site; expired: the challenge is too old (or not ours); replayed: already used. */
  | { ok: false; reason: 'invalid' | 'expired' | 'replayed' | 'deactivated' | 'blocked' }
  /** No passkey with this id here (removed, or never made here): the browser may forget it. */
  | { ok: false; reason: 'unknown_passkey'; credentialId: string }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export async function signInWithPasskey(input: {
  response: unknown;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<PasskeySignInResult> {
  const ip = input.ip ?? null;
  const response = parseAssertion(input.response);
  if (!response) return { ok: false, reason: 'invalid' };
  const challenge = openChallenge(response.response.clientDataJSON, 'sign_in');
  if (!challenge.ok) return { ok: false, reason: challenge.reason };

  const db = await getDb();
  const [found] = await db
    .select({
      passkey: {
        id: passkeys.id,
        userId: passkeys.userId,
        credentialId: passkeys.credentialId,
        publicKey: passkeys.publicKey,
        counter: passkeys.counter,
        transports: passkeys.transports,
      },
      email: users.email,
      status: users.status,
      sessionVersion: users.sessionVersion,
    })
    .from(passkeys)
    .innerJoin(users, eq(users.id, passkeys.userId))
    .where(eq(passkeys.credentialId, response.id));

  if (!found) {
    const counted = await consume(LIMITS.signInFailuresPerIp, ip);
    await recordAudit(db, { action: 'sign_in.failed', ip, details: { reason: 'passkey_unknown' } });
    if (!counted.allowed)
      return { ok: false, reason: 'throttled', retryAfterSeconds: counted.retryAfterSeconds };
    return { ok: false, reason: 'unknown_passkey', credentialId: response.id };
  }
  const { passkey, email } = found;

  const verdict = await reserveSignInAttempt(email, ip);
  if (!verdict.allowed) {
    await recordAudit(db, {
      action: 'sign_in.throttled',
      targetId: passkey.userId,
      ip,
      details: { reason: verdict.reason, via: 'passkey' },
    });
    return verdict.reason === 'blocked'
      ? { ok: false, reason: 'blocked' }
      : { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  }

  const check = await verifyAssertion(response, challenge.signed, passkey);
  if (!check.ok) {
    await db.execute(sql`with marked as (update ${users} set "last_failed_sign_in_at" = now() where "id" = ${passkey.userId})
      ${auditInsert({
        action: 'sign_in.failed',
        targetId: passkey.userId,
        ip,
        details: { reason: 'passkey_refused', problem: check.reason, passkeyId: passkey.id },
      })}`);
    return { ok: false, reason: 'invalid' };
  }

  const result = await db.transaction(async (tx): Promise<PasskeySignInResult> => {
    if (!(await spendChallenge(tx, challenge))) {
      await recordAudit(tx, {
        action: 'sign_in.failed',
        targetId: passkey.userId,
        ip,
        details: { reason: 'passkey_replayed', passkeyId: passkey.id },
      });
      return { ok: false, reason: 'replayed' };
    }
    const used = sql`update ${passkeys} set "counter" = greatest("counter", ${check.newCounter}),
        "backed_up" = ${check.backedUp}, "device_type" = ${check.deviceType}, "last_used_at" = now()
      where "id" = ${passkey.id}`;
    if (found.status !== 'active') {
      await tx.execute(used);
      await recordAudit(tx, {
        action: 'sign_in.failed',
        targetId: passkey.userId,
        ip,
        details: { reason: found.status === 'deactivated' ? 'deactivated' : 'not_active', via: 'passkey' },
      });
      return { ok: false, reason: found.status === 'deactivated' ? 'deactivated' : 'invalid' };
    }
    const [session] = rowsOf<{ id: string }>(
      await tx.execute(sql`with ${successReleases(email, ip)},
        used as (${used}),
        signed_in as (update ${users} set "last_sign_in_at" = now() where "id" = ${passkey.userId}),
        audited as (${auditInsert({
          action: 'sign_in.succeeded',
          actorId: passkey.userId,
          targetId: passkey.userId,
          ip,
          details: { via: 'passkey', passkeyId: passkey.id },
        })})
        ${sessionInsert({
          userId: passkey.userId,
          sessionVersion: found.sessionVersion,
          twoStepOn: false,
          ip,
          userAgent: input.userAgent,
        })}`),
    );
    return { ok: true, userId: passkey.userId, sessionId: session!.id };
  });
  // The right passkey of a deactivated account: its address is not being guessed at (as after a right password).
  if (!result.ok && result.reason === 'deactivated') await signInSucceeded(email, ip);
  return result;
}
