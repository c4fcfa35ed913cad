/**
 * A staff member changes the email address of an account that already has a password.
 *
 * The address is how a person proves who they are (every reset link goes there), so staff
 * alone cannot move it: that would let a helpdesk worker point an account at a mailbox of
 * their own and reset its password (ASVS 6.4.6's concern). Instead:
 *  - the new address gets a link (24 hours) and the change happens only when that link is
 *    used together with the account's current password, which only the person knows;
 *  - the old address is told at once, with a link that cancels the change;
 *  - while the change is pending, staff cannot send a reset link.
 * The pending change is the open confirm_email link itself (its sent_to is the new address):
 * no second copy of the state to keep in step.
 *
 * An invited account (no password yet) changes at once: that is the typo in a welcome email
 * the seed describes, and nobody can have signed in with it (manage-account.ts).
 */
import 'server-only';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import type { Db } from '@/lib/db/types';
import { oneTimeTokens, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { confirmPassword, type PasswordCheck } from '@/lib/auth/confirm-password';
import { checkLink, consumeLink, issueLink, voidOpenLinks, type LinkProblemState } from '@/lib/links/links';
import { actorId, type Actor } from './actor';
import { fail, isUniqueViolation, type AccountFailure } from './errors';
import { endAllSessions, inTransaction } from './steps';

export interface PendingEmailChange {
  newEmail: string;
  expiresAt: Date;
  requestedAt: Date;
}

/** The change waiting for the new address to confirm it, if any. */
export async function pendingEmailChange(db: Db, userId: string): Promise<PendingEmailChange | null> {
  const [row] = await db
    .select({
      newEmail: oneTimeTokens.sentTo,
      expiresAt: oneTimeTokens.expiresAt,
      requestedAt: oneTimeTokens.createdAt,
    })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        eq(oneTimeTokens.purpose, 'confirm_email'),
        isNull(oneTimeTokens.usedAt),
        isNull(oneTimeTokens.voidedAt),
        gt(oneTimeTokens.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(oneTimeTokens.createdAt))
    .limit(1);
  return row ?? null;
}

interface Account {
  id: string;
  email: string;
  name: string;
  locale: string | null;
}

/**
 * Starts a change (in the caller's transaction): a confirmation link to the new address, a
 * notice with a cancel link to the old one. A newer request replaces an open one (issueLink
 * voids the earlier links of each purpose).
 */
export async function requestEmailChange(
  tx: Db,
  input: { user: Account; newEmail: string; actor: Actor; ip?: string | null },
): Promise<void> {
  const { user, newEmail, actor } = input;
  const common = commonEmailProps(user.name, user.locale);
  const confirm = await issueLink(tx, {
    userId: user.id,
    purpose: 'confirm_email',
    sentTo: newEmail,
    createdById: actorId(actor),
  });
  await queueEmail(tx, {
    to: newEmail,
    userId: user.id,
    message: {
      template: 'confirm-email-change',
      props: { ...common, link: confirm.url, expiresAt: confirm.expiresAt.toISOString() },
    },
  });
  const cancel = await issueLink(tx, {
    userId: user.id,
    purpose: 'cancel_email_change',
    sentTo: user.email,
    createdById: actorId(actor),
  });
  await queueEmail(tx, {
    to: user.email,
    userId: user.id,
    message: {
      template: 'email-change-requested',
      props: { ...common, newEmail, link: cancel.url, expiresAt: cancel.expiresAt.toISOString() },
    },
  });
  await recordAudit(tx, {
    action: 'account.email_change_requested',
    actorId: actorId(actor),
    targetId: user.id,
    ip: input.ip,
    details: { before: user.email, after: newEmail },
  });
}

/** Voids both links of a pending change; true when there was one. */
async function dropPendingChange(tx: Db, userId: string): Promise<boolean> {
  const voided = await tx
    .update(oneTimeTokens)
    .set({ voidedAt: sql`now()` })
    .where(
      and(
        eq(oneTimeTokens.userId, userId),
        sql`${oneTimeTokens.purpose} in ('confirm_email', 'cancel_email_change')`,
        isNull(oneTimeTokens.usedAt),
        isNull(oneTimeTokens.voidedAt),
      ),
    )
    .returning({
      purpose: oneTimeTokens.purpose,
      expired: sql<boolean>`${oneTimeTokens.expiresAt} <= now()`,
    });
  return voided.some((row) => row.purpose === 'confirm_email' && !row.expired);
}

/** Staff withdraw a change they (or a colleague) started, before it was confirmed. */
export async function withdrawEmailChange(
  tx: Db,
  input: { userId: string; actor: Actor; ip?: string | null },
): Promise<{ ok: true } | AccountFailure> {
  if (!(await dropPendingChange(tx, input.userId))) return fail('no_email_change');
  await recordAudit(tx, {
    action: 'account.email_change_withdrawn',
    actorId: actorId(input.actor),
    targetId: input.userId,
    ip: input.ip,
  });
  return { ok: true };
}

export type ConfirmEmailResult =
  | { ok: true; email: string }
  | { ok: false; code: 'link'; linkState: LinkProblemState }
  | { ok: false; code: 'password'; check: Exclude<PasswordCheck, { ok: true }> }
  | { ok: false; code: 'email_taken' };

/**
 * The new address confirms with the account's current password (checked through the
 * sign-in throttle). In one transaction: the link is used, the address changes, the
 * cancel link is voided, every session ends, and the old address is told it is done.
 * A wrong password leaves the link usable (until the throttle says otherwise).
 */
export async function confirmEmailChange(input: {
  token: string;
  password: string;
  ip?: string | null;
}): Promise<ConfirmEmailResult> {
  const db = await getDb();
  const check = await checkLink(db, input.token, 'confirm_email', input.ip);
  if (!check.ok) return { ok: false, code: 'link', linkState: check.problem };
  const [user] = await db.select().from(users).where(eq(users.id, check.link.userId));
  // A link of this kind is only issued for an account with a password.
  if (!user?.passwordHash) return { ok: false, code: 'link', linkState: 'unknown' };
  const password = await confirmPassword({
    user: { id: user.id, email: user.email, passwordHash: user.passwordHash },
    password: input.password,
    during: 'email_change',
    ip: input.ip,
  });
  if (!password.ok) return { ok: false, code: 'password', check: password };

  try {
    return await inTransaction(async (tx) => {
      const used = await consumeLink(tx, input.token, 'confirm_email');
      if (!used.ok) return { ok: false, code: 'link', linkState: used.problem } as const;
      // The link's sent_to is the new address: it is what the person just proved they read.
      const newEmail = used.sentTo;
      const [changed] = await tx
        .update(users)
        .set({ email: newEmail, updatedAt: sql`now()` })
        .where(and(eq(users.id, user.id), eq(users.status, 'active')))
        .returning({ id: users.id });
      if (!changed) return { ok: false, code: 'link', linkState: 'deactivated' } as const;
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
      await recordAudit(tx, {
        action: 'account.email_changed',
        actorId: user.id,
        targetId: user.id,
        ip: input.ip,
        details: { before: user.email, after: newEmail, confirmedBy: 'new address' },
      });
      return { ok: true, email: newEmail } as const;
    });
  } catch (err) {
    // Someone else got this address while the change waited: nothing changed, link still open.
    if (isUniqueViolation(err)) return { ok: false, code: 'email_taken' };
    throw err;
  }
}

/**
 * The old address cancels a pending change: both links are voided and nothing else
 * changes. Needs no password: the person reading the old mailbox is who the account
 * belongs to as far as the platform knows, and cancelling only keeps things as they are.
 */
export async function cancelEmailChange(input: {
  token: string;
  ip?: string | null;
}): Promise<{ ok: true; keptEmail: string } | { ok: false; linkState: LinkProblemState }> {
  const db = await getDb();
  const check = await checkLink(db, input.token, 'cancel_email_change', input.ip);
  if (!check.ok) return { ok: false, linkState: check.problem };
  return db.transaction(async (tx) => {
    const used = await consumeLink(tx, input.token, 'cancel_email_change');
    if (!used.ok) return { ok: false, linkState: used.problem } as const;
    await dropPendingChange(tx, used.userId);
    await recordAudit(tx, {
      action: 'account.email_change_cancelled',
      actorId: used.userId,
      targetId: used.userId,
      ip: input.ip,
    });
    return { ok: true, keptEmail: check.link.email } as const;
  });
}
