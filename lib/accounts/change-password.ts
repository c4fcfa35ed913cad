import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { confirmPassword } from '@/lib/auth/confirm-password';
import type { PasswordProblem } from '@/lib/password/policy';
import { checkNewPassword } from '@/lib/password/server';
import { recordAudit } from '@/lib/audit/record';
import type { Actor } from './actor';
import { inTransaction } from './steps/in-transaction';
import { replacePassword } from './steps/replace-password';

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; code: 'current' | 'blocked' | 'not_found' }
  | { ok: false; code: 'throttled'; retryAfterSeconds: number }
  | { ok: false; code: 'password'; problems: PasswordProblem[] };

/**
 * A signed-in person changes their own password (nobody else can). The current password
 * must be right, checked through the sign-in throttle (confirmPassword), so a stolen
 * session guesses it no faster than /login would allow. Every other session ends; this one
 * stays (it moves to the new session_version).
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
  const check = await confirmPassword({
    user: { id: user.id, email: user.email, passwordHash: user.passwordHash },
    password: input.current,
    during: 'password_change',
    ip: input.ip,
  });
  if (!check.ok) {
    if (check.code === 'wrong') return { ok: false, code: 'current' };
    if (check.code === 'blocked') return { ok: false, code: 'blocked' };
    return { ok: false, code: 'throttled', retryAfterSeconds: check.retryAfterSeconds };
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
