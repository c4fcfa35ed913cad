import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { hashPassword, verifyPassword } from '@/lib/auth/password-hash';
import type { PasswordProblem } from '@/lib/password/policy';
import { checkNewPassword } from '@/lib/password/server';
import { recordAudit } from '@/lib/audit/record';
import { recordSignInFailure } from '@/lib/auth/sign-in-throttle';
import type { Actor } from './actor';
import { inTransaction, replacePassword } from './steps';

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; code: 'current' }
  | { ok: false; code: 'password'; problems: PasswordProblem[] }
  | { ok: false; code: 'not_found' };

/**
 * A signed-in person changes their own password (nobody else can). The current password
 * must be right (a wrong one is recorded as a failed sign-in, so guessing it here is no
 * easier than at /login). Every other session ends; this one stays (it moves to the new
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
    await recordSignInFailure(user.email, input.ip ?? null);
    return { ok: false, code: 'current' };
  }
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
