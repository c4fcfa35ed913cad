import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { hashPassword, verifyPassword } from '@/lib/auth/password-hash';
import type { PasswordProblem } from '@/lib/password/policy';
import { checkNewPassword } from '@/lib/password/server';
import { recordAudit } from '@/lib/audit/record';
import { reserveSignInAttempt, signInSucceeded } from '@/lib/auth/sign-in-throttle';
import type { Actor } from './actor';
import { inTransaction, replacePassword } from './steps';

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; code: 'current' | 'blocked' | 'not_found' }
  | { ok: false; code: 'throttled'; retryAfterSeconds: number }
  | { ok: false; code: 'password'; problems: PasswordProblem[] };

/**
 * A signed-in person changes their own password (nobody else can). The current password
 * must be right, and it is checked through the sign-in throttle (reserved before argon2
 * runs, a wrong one counts as a failed sign-in of the address and the IP), so a stolen
 * session guesses it no faster than /login would allow. Every other session ends; this one stays (it moves to the new
 * session_version).
 */
export async function changePassword(input: {
  actor: Actor;
  sessionId: string;
  current: string;
  next: string;
  ip?: string | null;
}): Promise<ChangePasswordResult> {
  if (input.actor.kind !== 'user') return { ok: false, code: 'not_found' };
  const db = await getDb();
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, input.actor.id), eq(users.status, 'active')));
  if (!user?.passwordHash) return { ok: false, code: 'not_found' };
  const ip = input.ip ?? null;
  const verdict = await reserveSignInAttempt(user.email, ip);
  if (!verdict.allowed) {
    await recordAudit(db, {
      action: 'sign_in.throttled',
      actorId: user.id,
      targetId: user.id,
      ip,
      details: { reason: verdict.reason, during: 'password_change' },
    });
    return verdict.reason === 'blocked'
      ? { ok: false, code: 'blocked' }
      : { ok: false, code: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  }
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ lastFailedSignInAt: sql`now()` })
        .where(eq(users.id, user.id));
      await recordAudit(tx, {
        action: 'sign_in.failed',
        actorId: user.id,
        targetId: user.id,
        ip: input.ip,
        details: { reason: 'wrong_current_password', during: 'password_change' },
      });
    });
    return { ok: false, code: 'current' };
  }
  await signInSucceeded(user.email, ip);
  const problems = checkNewPassword(input.next, { email: user.email, name: user.name });
  if (problems.length) return { ok: false, code: 'password', problems };

  const passwordHash = await hashPassword(input.next);
  const changed = await inTransaction(async (tx) => {
    const done = await replacePassword(tx, {
      userId: user.id,
      passwordHash,
      reason: 'password_changed',
      keep: input.sessionId,
    });
    if (done)
      await recordAudit(tx, {
        action: 'password.changed',
        actorId: user.id,
        targetId: user.id,
        ip: input.ip,
      });
    return done;
  });
  return changed ? { ok: true } : { ok: false, code: 'not_found' };
}
