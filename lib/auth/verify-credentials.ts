/**
 * Checks an email and password for sign-in.
 *
 * Unknown email, wrong password and an account without a password all answer
 * "invalid" after the same amount of argon2 work. Only after a correct password may the
 * answer say more (deactivated).
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/rows';
import { users } from '@/lib/db/schema';
import { auditInsert, recordAudit } from '@/lib/audit/record';
import { normaliseEmail } from '@/lib/validation/fields';
import { getDummyHash, hashPassword, needsRehash, verifyPassword } from './password-hash';
import { reserveAttemptAndFindAccount, signInSucceeded, successReleases } from './sign-in-throttle';
import { sessionInsert } from '@/lib/sessions/session-insert';
import type { SessionStage } from '@/lib/sessions/validate-session';
import { env } from '@/lib/env';
import type { Role } from '@/lib/db/schema';

export type CredentialsResult =
  | { ok: true; userId: string; sessionVersion: number; sessionId: string; role: Role; stage: SessionStage }
  | { ok: false; reason: 'invalid' | 'deactivated' | 'blocked' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks the password and, when it is right, signs in: the new session row is made in the
 * same statement that records the success. Two round trips to the database on the common
 * paths (one before argon2, one after), because on a busy Monday morning every statement
 * costs CPU on both sides.
 */
export async function verifyCredentials(input: {
  email: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<CredentialsResult> {
  const db = await getDb();
  const email = normaliseEmail(input.email);
  const ip = input.ip ?? null;
  // Throttling is decided before the password is looked at, and keyed by address whether or
  // not an account exists, so a throttled answer says nothing about the account either.
  // The attempt is reserved as a failure here (in the statement that reads the account),
  // so parallel guesses cannot all slip past the check before any of them is counted.
  const { verdict, account: user } = await reserveAttemptAndFindAccount(email, ip);
  if (!verdict.allowed) {
    await recordAudit(db, {
      action: 'sign_in.throttled',
      ip,
      details: { reason: verdict.reason, emailDomain: email.split('@')[1] ?? null },
    });
    return verdict.reason === 'blocked'
      ? { ok: false, reason: 'blocked' }
      : { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  }

  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  const matched = Boolean(user?.passwordHash) && passwordOk;

  if (!user || !matched) {
    const failed = auditInsert({
      action: 'sign_in.failed',
      targetId: user?.id ?? null,
      ip,
      // For an unknown address we keep the domain only: a typo'd address is personal data of someone else.
      details: {
        reason: !user ? 'unknown_email' : user.passwordHash ? 'wrong_password' : 'no_password_yet',
        ...(user ? {} : { emailDomain: email.split('@')[1] ?? null }),
      },
    });
    // One statement: the account's last failure (when there is an account) and the audit line.
    await db.execute(
      user
        ? sql`with marked as (update ${users} set "last_failed_sign_in_at" = now() where "id" = ${user.id}) ${failed}`
        : failed,
    );
    return { ok: false, reason: 'invalid' };
  }

  if (user.status === 'deactivated') {
    // The right password: this address is no longer being guessed at, whatever comes next.
    await signInSucceeded(email, ip);
    await recordAudit(db, {
      action: 'sign_in.failed',
      targetId: user.id,
      ip: input.ip,
      details: { reason: 'deactivated' },
    });
    return { ok: false, reason: 'deactivated' };
  }

  if (needsRehash(user.passwordHash!)) {
    // The configured cost was raised since this hash was made: upgrade it while we hold the password.
    const upgraded = await hashPassword(input.password);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash: upgraded }).where(eq(users.id, user.id));
      await recordAudit(tx, { action: 'password.rehashed', targetId: user.id, actorId: user.id });
    });
  }

  // One statement: the reservation given back, the sign-in recorded and audited, the session made.
  const [session] = rowsOf<{ id: string }>(
    await db.execute(sql`with ${successReleases(email, ip)},
      signed_in as (update ${users} set "last_sign_in_at" = now() where "id" = ${user.id}),
      audited as (${auditInsert({ action: 'sign_in.succeeded', actorId: user.id, targetId: user.id, ip })})
      ${sessionInsert({ userId: user.id, sessionVersion: user.sessionVersion, twoStepOn: user.twoStepOn, ip, userAgent: input.userAgent })}`),
  );
  // The stage the new session starts at, as validateSession will read it from the row just made.
  const stage: SessionStage = user.twoStepOn
    ? 'code'
    : env.REQUIRE_TWO_STEP_ROLES.includes(user.role)
      ? 'enrol'
      : 'complete';
  return {
    ok: true,
    userId: user.id,
    sessionVersion: user.sessionVersion,
    sessionId: session!.id,
    role: user.role,
    stage,
  };
}
