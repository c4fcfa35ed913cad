import 'server-only';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions, users } from '@/lib/db/schema';
import { hashPassword, verifyPassword } from '@/lib/auth/password-hash';
import type { PasswordProblem } from '@/lib/password/policy';
import { checkNewPassword } from '@/lib/password/server';
import { recordAudit } from '@/lib/security/audit';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';
import { voidOpenLinks } from './links';
import { reserveSignInAttempt, signInSucceeded } from '@/lib/auth/sign-in-throttle';

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; code: 'current' | 'blocked' | 'not_found' }
  | { ok: false; code: 'throttled'; retryAfterSeconds: number }
  | { ok: false; code: 'password'; problems: PasswordProblem[] };

/**
 * A signed-in person changes their password. The current password must be right, and it
 * is checked through the sign-in throttle (reserved before argon2 runs, a wrong one counts
 * as a failed sign-in of the address and the IP), so a stolen session guesses it no faster
 * than /login would allow. Every other session ends; this one stays (it moves to the new
 * session_version).
 */
export async function changePassword(input: { userId: string; sessionId: string; current: string; next: string; ip?: string | null }): Promise<ChangePasswordResult> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(and(eq(users.id, input.userId), eq(users.status, 'active')));
  if (!user?.passwordHash) return { ok: false, code: 'not_found' };
  const ip = input.ip ?? null;
  const verdict = await reserveSignInAttempt(user.email, ip);
  if (!verdict.allowed) {
    await recordAudit(db, { action: 'sign_in.throttled', actorId: user.id, targetId: user.id, ip, details: { reason: verdict.reason, during: 'password_change' } });
    return verdict.reason === 'blocked' ? { ok: false, code: 'blocked' } : { ok: false, code: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  }
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    await db.transaction(async (tx) => {
      await tx.update(users).set({ lastFailedSignInAt: sql`now()` }).where(eq(users.id, user.id));
      await recordAudit(tx, { action: 'sign_in.failed', actorId: user.id, targetId: user.id, ip: input.ip, details: { reason: 'wrong_current_password', during: 'password_change' } });
    });
    return { ok: false, code: 'current' };
  }
  await signInSucceeded(user.email, ip);
  const problems = checkNewPassword(input.next, { email: user.email, name: user.name });
  if (problems.length) return { ok: false, code: 'password', problems };

  const passwordHash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: sql`now()`, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, user.id))
      .returning({ sessionVersion: users.sessionVersion, changedAt: users.passwordChangedAt });
    await tx.update(sessions).set({ sessionVersion: updated!.sessionVersion }).where(eq(sessions.id, input.sessionId));
    await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: 'password_changed' })
      .where(and(eq(sessions.userId, user.id), ne(sessions.id, input.sessionId), isNull(sessions.endedAt)));
    await voidOpenLinks(tx, user.id);
    await queueEmail(tx, {
      to: user.email,
      userId: user.id,
      message: { template: 'password-changed', props: { ...commonEmailProps(user.name, user.locale), changedAt: (updated!.changedAt ?? new Date()).toISOString() } },
    });
    await recordAudit(tx, { action: 'password.changed', actorId: user.id, targetId: user.id, ip: input.ip });
  });
  nudgeEmailWorker();
  return { ok: true };
}
