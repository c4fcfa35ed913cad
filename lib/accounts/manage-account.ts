/**
 * What helpdesk staff and application managers do to one account from the console. Each
 * function checks the actor's permission on the target itself (the server action above it
 * only checks that someone is signed in), changes everything in one transaction, and
 * records an audit event with what changed. Deactivating and reactivating live in
 * deactivate-account.ts (the command line does them too).
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions, users, type Role } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { normaliseEmail } from '@/lib/validation/fields';
import { voidOpenLinks } from '@/lib/links/links';
import { clearSignInThrottle } from '@/lib/auth/sign-in-throttle';
import { actorId, actorName, type Actor } from './actor';
import { fail, isUniqueViolation, type AccountFailure } from './errors';
import { accountWhere } from './find-accounts';
import { canChangeEmail, canChangeRole, canFixAccount, creatableRoles } from './permissions';
import { endAllSessions, inTransaction, sendLinkEmail } from './steps';
import { pendingEmailChange, requestEmailChange, withdrawEmailChange } from './email-change';

type Ctx = { userId: string; actor: Actor; ip?: string | null };

/** The account the console acts on, if the actor may fix it. */
async function fixable(input: Ctx) {
  const where = accountWhere({ userId: input.userId });
  if (!where) return fail('not_found');
  const [user] = await (await getDb()).select().from(users).where(where);
  if (!user) return fail('not_found');
  if (!canFixAccount(input.actor, user)) return fail('not_allowed');
  return { ok: true, user } as const;
}

/** Staff send a reset link; they never see or set the password themselves. */
export async function sendPasswordResetLink(input: Ctx): Promise<{ ok: true } | AccountFailure> {
  const target = await fixable(input);
  if (!target.ok) return target;
  const { user } = target;
  if (user.status !== 'active') return fail('not_active');
  // While a new address waits to be confirmed, a reset link would be a way around it.
  if (await pendingEmailChange(await getDb(), user.id)) return fail('email_change_pending');
  await inTransaction(async (tx) => {
    await sendLinkEmail(tx, { recipient: user, purpose: 'reset', actor: input.actor });
    await recordAudit(tx, {
      action: 'password_reset.sent_by_staff',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { sentTo: user.email },
    });
  });
  return { ok: true };
}

/**
 * Changes the email address of an account (helpdesk: clients only; staff accounts:
 * application managers only, see canChangeEmail).
 * - Invited (no password yet: the typo in a welcome email): at once. Open links are voided
 *   (they went to the wrong address), the old address gets a notice and the new one a fresh
 *   welcome link.
 * - With a password: only requested here; the new address confirms with the password
 *   (email-change.ts). `pending: true` says so.
 */
export async function changeEmail(
  input: Ctx & { newEmail: string },
): Promise<{ ok: true; pending: boolean } | AccountFailure> {
  const target = await fixable(input);
  if (!target.ok) return target;
  const { user } = target;
  if (!canChangeEmail(input.actor, user)) return fail('not_allowed');
  const newEmail = normaliseEmail(input.newEmail);
  if (newEmail === user.email) return fail('unchanged');
  const db = await getDb();
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, newEmail));
  if (taken) return fail('email_taken');
  if (user.passwordHash) {
    await inTransaction((tx) => requestEmailChange(tx, { user, newEmail, actor: input.actor, ip: input.ip }));
    return { ok: true, pending: true };
  }
  try {
    await inTransaction(async (tx) => {
      await tx
        .update(users)
        .set({ email: newEmail, updatedAt: sql`now()` })
        .where(eq(users.id, user.id));
      await endAllSessions(tx, user.id, 'email_changed');
      await voidOpenLinks(tx, user.id);
      await queueEmail(tx, {
        to: user.email,
        userId: user.id,
        message: {
          template: 'email-changed',
          props: {
            ...commonEmailProps(user.name, user.locale),
            oldEmail: user.email,
            newEmail,
            recipient: 'old',
          },
        },
      });
      await sendLinkEmail(tx, {
        recipient: user,
        to: newEmail,
        purpose: 'welcome',
        actor: input.actor,
        createdByName: actorName(input.actor),
      });
      await recordAudit(tx, {
        action: 'account.email_changed',
        actorId: actorId(input.actor),
        targetId: user.id,
        ip: input.ip,
        details: { before: user.email, after: newEmail },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) return fail('email_taken');
    throw err;
  }
  return { ok: true, pending: false };
}

/** Withdraws a change of address that waits for confirmation (same staff who may start one). */
export async function cancelPendingEmailChange(input: Ctx): Promise<{ ok: true } | AccountFailure> {
  const target = await fixable(input);
  if (!target.ok) return target;
  if (!canChangeEmail(input.actor, target.user)) return fail('not_allowed');
  return inTransaction((tx) =>
    withdrawEmailChange(tx, { userId: target.user.id, actor: input.actor, ip: input.ip }),
  );
}

/** Application managers change roles (never their own); sessions end so the new role applies at once. */
export async function changeRole(input: Ctx & { role: Role }): Promise<{ ok: true } | AccountFailure> {
  const where = accountWhere({ userId: input.userId });
  const [user] = where ? await (await getDb()).select().from(users).where(where) : [];
  if (!user) return fail('not_found');
  if (!canChangeRole(input.actor, user) || !creatableRoles(input.actor).includes(input.role))
    return fail('not_allowed');
  if (user.role === input.role) return fail('unchanged');
  await inTransaction(async (tx) => {
    await tx
      .update(users)
      .set({
        role: input.role,
        counselorId: input.role === 'client' ? user.counselorId : null,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, user.id));
    await endAllSessions(tx, user.id, 'role_changed');
    await recordAudit(tx, {
      action: 'account.role_changed',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { before: user.role, after: input.role },
    });
  });
  return { ok: true };
}

/**
 * Signs a person out everywhere (a lost phone, a shared computer left signed in) without
 * deactivating them or touching their password: every open session ends and
 * session_version moves on, so a session cookie still in some browser is refused at its
 * next request. The person can sign in again at once.
 */
export async function signOutEverywhere(input: Ctx): Promise<{ ok: true; ended: number } | AccountFailure> {
  const target = await fixable(input);
  if (!target.ok) return target;
  const { user } = target;
  const ended = await inTransaction(async (tx) => {
    const open = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, user.id), isNull(sessions.endedAt)));
    await endAllSessions(tx, user.id, 'ended_by_staff');
    await recordAudit(tx, {
      action: 'account.sessions_ended',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { sessions: open.length },
    });
    return open.length;
  });
  return { ok: true, ended };
}

/** Lifts throttling or a block on signing in with this account's address. */
export async function unblockSignIn(input: Ctx): Promise<{ ok: true } | AccountFailure> {
  const target = await fixable(input);
  if (!target.ok) return target;
  const { user } = target;
  const db = await getDb();
  await db.transaction(async (tx) => {
    await clearSignInThrottle(user.email, tx);
    await recordAudit(tx, {
      action: 'sign_in.unblocked',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
    });
  });
  return { ok: true };
}
