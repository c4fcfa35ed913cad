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
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { normaliseEmail } from '@/lib/validation/fields';
import { getDummyHash, hashPassword, needsRehash, verifyPassword } from './password-hash';
import { reserveSignInAttempt, signInSucceeded } from './sign-in-throttle';

export type CredentialsResult =
  | { ok: true; userId: string; sessionVersion: number }
  | { ok: false; reason: 'invalid' | 'deactivated' | 'blocked' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export async function verifyCredentials(input: {
  email: string;
  password: string;
  ip?: string | null;
}): Promise<CredentialsResult> {
  const db = await getDb();
  const email = normaliseEmail(input.email);
  const ip = input.ip ?? null;
  // Throttling is decided before the password is looked at, and keyed by address whether or
  // not an account exists, so a throttled answer says nothing about the account either.
  // The attempt is reserved as a failure here (one statement that checks and counts), so
  // parallel guesses cannot all slip past the check before any of them is counted.
  const verdict = await reserveSignInAttempt(email, ip);
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
  const [user] = await db
    .select({
      id: users.id,
      status: users.status,
      passwordHash: users.passwordHash,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.email, email));

  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  const matched = Boolean(user?.passwordHash) && passwordOk;

  if (!user || !matched) {
    await db.transaction(async (tx) => {
      if (user)
        await tx
          .update(users)
          .set({ lastFailedSignInAt: sql`now()` })
          .where(eq(users.id, user.id));
      await recordAudit(tx, {
        action: 'sign_in.failed',
        targetId: user?.id ?? null,
        ip: input.ip,
        // For an unknown address we keep the domain only: a typo'd address is personal data of someone else.
        details: {
          reason: !user ? 'unknown_email' : user.passwordHash ? 'wrong_password' : 'no_password_yet',
          ...(user ? {} : { emailDomain: email.split('@')[1] ?? null }),
        },
      });
    });
    return { ok: false, reason: 'invalid' };
  }

  // The right password: whatever comes next, this address is no longer being guessed at.
  await signInSucceeded(email, ip);
  if (user.status === 'deactivated') {
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

  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ lastSignInAt: sql`now()` })
      .where(eq(users.id, user.id));
    await recordAudit(tx, { action: 'sign_in.succeeded', actorId: user.id, targetId: user.id, ip: input.ip });
  });
  return { ok: true, userId: user.id, sessionVersion: user.sessionVersion };
}
