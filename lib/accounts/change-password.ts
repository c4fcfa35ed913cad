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
import { voidOpenLinks } from '@/lib/links/links';
import { recordSignInFailure } from '@/lib/auth/sign-in-throttle';

export type ChangePasswordResult = { ok: true } | { ok: false; code: 'current' } | { ok: false; code: 'password'; problems: PasswordProblem[] } | { ok: false; code: 'not_found' };

/**
 * A signed-in person changes their password. The current password must be right (a wrong
 * one is recorded as a failed sign-in, so guessing it here is no easier than at /login).
 * Every other session ends; this one stays (it moves to the new session_version).
 */
export async function changePassword(input: { userId: string; sessionId: string; current: string; next: string; ip?: string | null }): Promise<ChangePasswordResult> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(and(eq(users.id, input.userId), eq(users.status, 'active')));
  if (!user?.passwordHash) return { ok: false, code: 'not_found' };
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    await db.transaction(async (tx) => {
      await tx.update(users).set({ lastFailedSignInAt: sql`now()` }).where(eq(users.id, user.id));
      await recordAudit(tx, { action: 'sign_in.failed', actorId: user.id, targetId: user.id, ip: input.ip, details: { reason: 'wrong_current_password', during: 'password_change' } });
    });
    await recordSignInFailure(user.email, input.ip ?? null);
    return { ok: false, code: 'current' };
  }
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
