/**
 * Checks the password of a signed-in (or otherwise identified) person, for anything other
 * than the sign-in form itself: changing the password, confirming a new email address,
 * confirming who you are before a dangerous action. Always through the sign-in throttle of
 * the account's address: the attempt is reserved before argon2 runs, a wrong password counts
 * as a failed sign-in of the address and the IP, the right one clears the address's
 * failures. So no place that takes a password lets it be guessed faster than /login does.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { verifyPassword } from './password-hash';
import { reserveSignInAttempt, signInSucceeded } from './sign-in-throttle';

export type PasswordCheck =
  | { ok: true }
  | { ok: false; code: 'wrong' }
  | { ok: false; code: 'blocked' }
  | { ok: false; code: 'throttled'; retryAfterSeconds: number };

export async function confirmPassword(input: {
  user: { id: string; email: string; passwordHash: string };
  password: string;
  /** What the password was asked for, kept in the audit trail (e.g. 'password_change'). */
  during: string;
  ip?: string | null;
}): Promise<PasswordCheck> {
  const { user, during } = input;
  const ip = input.ip ?? null;
  const db = await getDb();
  const verdict = await reserveSignInAttempt(user.email, ip);
  if (!verdict.allowed) {
    await recordAudit(db, {
      action: 'sign_in.throttled',
      actorId: user.id,
      targetId: user.id,
      ip,
      details: { reason: verdict.reason, during },
    });
    return verdict.reason === 'blocked'
      ? { ok: false, code: 'blocked' }
      : { ok: false, code: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ lastFailedSignInAt: sql`now()` })
        .where(eq(users.id, user.id));
      await recordAudit(tx, {
        action: 'sign_in.failed',
        actorId: user.id,
        targetId: user.id,
        ip,
        details: { reason: 'wrong_current_password', during },
      });
    });
    return { ok: false, code: 'wrong' };
  }
  await signInSucceeded(user.email, ip);
  return { ok: true };
}
