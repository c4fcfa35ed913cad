/**
 * What helpdesk staff and application managers do to one account from the console. Each
 * function checks the actor's permission on the target itself (the server action above it
 * only checks that someone is signed in), changes everything in one transaction, and
 * records an audit event with what changed.
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions, users, type Role } from '@/lib/db/schema';
import { recordAudit } from '@/lib/security/audit';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';
import { normaliseEmail } from '@/lib/validation/fields';
import { actorId, type Actor } from './actor';
import { isUniqueViolation } from './errors';
import { issueLink, linkUrl, voidOpenLinks } from './links';
import { canChangeEmail, canChangeRole, canFixAccount, creatableRoles } from './permissions';
import { deactivateAccount, reactivateAccount } from './deactivate-account';
import { clearSignInThrottle } from '@/lib/auth/sign-in-throttle';

type Failure = { ok: false; code: 'not_found' | 'not_allowed' | 'email_taken' | 'not_active' | 'unchanged' | 'already_deactivated' | 'not_deactivated' };
type Ctx = { userId: string; actor: Actor; ip?: string | null };

async function target(userId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return user ?? null;
}

export async function deactivateAccountById(input: Ctx & { reason: string }): Promise<{ ok: true } | Failure> {
  const user = await target(input.userId);
  if (!user) return { ok: false, code: 'not_found' };
  if (!canFixAccount(input.actor, user)) return { ok: false, code: 'not_allowed' };
  const result = await deactivateAccount({ email: user.email, reason: input.reason, actorId: actorId(input.actor), ip: input.ip });
  return result.ok ? { ok: true } : { ok: false, code: result.code as Failure['code'] };
}

export async function reactivateAccountById(input: Ctx): Promise<{ ok: true; status: 'active' | 'invited' } | Failure> {
  const user = await target(input.userId);
  if (!user) return { ok: false, code: 'not_found' };
  if (!canFixAccount(input.actor, user)) return { ok: false, code: 'not_allowed' };
  const result = await reactivateAccount({ email: user.email, actorId: actorId(input.actor), ip: input.ip });
  return result.ok ? { ok: true, status: result.status } : { ok: false, code: result.code as Failure['code'] };
}

/** Staff send a reset link; they never see or set the password themselves. */
export async function sendPasswordResetLink(input: Ctx): Promise<{ ok: true } | Failure> {
  const user = await target(input.userId);
  if (!user) return { ok: false, code: 'not_found' };
  if (!canFixAccount(input.actor, user)) return { ok: false, code: 'not_allowed' };
  if (user.status !== 'active') return { ok: false, code: 'not_active' };
  const db = await getDb();
  await db.transaction(async (tx) => {
    const { token, expiresAt } = await issueLink(tx, { userId: user.id, purpose: 'reset', sentTo: user.email, createdById: actorId(input.actor) });
    await queueEmail(tx, {
      to: user.email,
      userId: user.id,
      message: { template: 'reset-password', props: { ...commonEmailProps(user.name, user.locale), link: linkUrl('reset', token), expiresAt: expiresAt.toISOString() } },
    });
    await recordAudit(tx, { action: 'password_reset.sent_by_staff', actorId: actorId(input.actor), targetId: user.id, ip: input.ip, details: { sentTo: user.email } });
  });
  nudgeEmailWorker();
  return { ok: true };
}

/**
 * Corrects a mistyped email address (helpdesk: clients only; staff accounts: application
 * managers only, see canChangeEmail). Open links are voided (they went to the wrong
 * address) and every session ends; the old address gets a notice, the new one a fresh
 * welcome link (never chose a password) or a confirmation (already active).
 */
export async function changeEmail(input: Ctx & { newEmail: string }): Promise<{ ok: true } | Failure> {
  const user = await target(input.userId);
  if (!user) return { ok: false, code: 'not_found' };
  if (!canChangeEmail(input.actor, user)) return { ok: false, code: 'not_allowed' };
  const newEmail = normaliseEmail(input.newEmail);
  if (newEmail === user.email) return { ok: false, code: 'unchanged' };
  const db = await getDb();
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ email: newEmail, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` })
        .where(eq(users.id, user.id));
      await tx.update(sessions).set({ endedAt: sql`now()`, endReason: 'email_changed' }).where(and(eq(sessions.userId, user.id), isNull(sessions.endedAt)));
      await voidOpenLinks(tx, user.id);
      const props = { ...commonEmailProps(user.name, user.locale), oldEmail: user.email, newEmail };
      await queueEmail(tx, { to: user.email, userId: user.id, message: { template: 'email-changed', props: { ...props, recipient: 'old' } } });
      if (user.status === 'invited') {
        const { token, expiresAt } = await issueLink(tx, { userId: user.id, purpose: 'welcome', sentTo: newEmail, createdById: actorId(input.actor) });
        await queueEmail(tx, {
          to: newEmail,
          userId: user.id,
          message: { template: 'welcome', props: { ...commonEmailProps(user.name, user.locale), link: linkUrl('welcome', token), expiresAt: expiresAt.toISOString(), createdByName: input.actor.kind === 'user' ? input.actor.name : undefined } },
        });
      } else {
        await queueEmail(tx, { to: newEmail, userId: user.id, message: { template: 'email-changed', props: { ...props, recipient: 'new' } } });
      }
      await recordAudit(tx, { action: 'account.email_changed', actorId: actorId(input.actor), targetId: user.id, ip: input.ip, details: { before: user.email, after: newEmail } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, code: 'email_taken' };
    throw err;
  }
  nudgeEmailWorker();
  return { ok: true };
}

/** Application managers change roles (never their own); sessions end so the new role applies at once. */
export async function changeRole(input: Ctx & { role: Role }): Promise<{ ok: true } | Failure> {
  const user = await target(input.userId);
  if (!user) return { ok: false, code: 'not_found' };
  if (!canChangeRole(input.actor, user) || !creatableRoles(input.actor).includes(input.role)) return { ok: false, code: 'not_allowed' };
  if (user.role === input.role) return { ok: false, code: 'unchanged' };
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ role: input.role, counselorId: input.role === 'client' ? user.counselorId : null, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    await recordAudit(tx, { action: 'account.role_changed', actorId: actorId(input.actor), targetId: user.id, ip: input.ip, details: { before: user.role, after: input.role } });
  });
  return { ok: true };
}

/**
 * Signs a person out everywhere (a lost phone, a shared computer left signed in) without
 * deactivating them or touching their password: every open session ends and
 * session_version moves on, so a session cookie still in some browser is refused at its
 * next request. The person can sign in again at once.
 */
export async function endAllSessions(input: Ctx): Promise<{ ok: true; ended: number } | Failure> {
  const user = await target(input.userId);
  if (!user) return { ok: false, code: 'not_found' };
  if (!canFixAccount(input.actor, user)) return { ok: false, code: 'not_allowed' };
  const db = await getDb();
  const ended = await db.transaction(async (tx) => {
    await tx.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` }).where(eq(users.id, user.id));
    const rows = await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: 'ended_by_staff' })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.endedAt)))
      .returning({ id: sessions.id });
    await recordAudit(tx, { action: 'account.sessions_ended', actorId: actorId(input.actor), targetId: user.id, ip: input.ip, details: { sessions: rows.length } });
    return rows.length;
  });
  return { ok: true, ended };
}

/** Lifts throttling or a block on signing in with this account's address. */
export async function unblockSignIn(input: Ctx): Promise<{ ok: true } | Failure> {
  const user = await target(input.userId);
  if (!user) return { ok: false, code: 'not_found' };
  if (!canFixAccount(input.actor, user)) return { ok: false, code: 'not_allowed' };
  const db = await getDb();
  await db.transaction(async (tx) => {
    await clearSignInThrottle(user.email, tx);
    await recordAudit(tx, { action: 'sign_in.unblocked', actorId: actorId(input.actor), targetId: user.id, ip: input.ip });
  });
  return { ok: true };
}
