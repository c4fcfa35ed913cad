import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/lib/db/client';
import { auditEvents, emailOutbox, oneTimeTokens, signInThrottle, users } from '@/lib/db/schema';
import type { Actor } from './actor';
import { canManageAccount } from './permissions';
import { pendingEmailChange } from './pending-email-change';
import { addressRefusal } from '@/lib/email/address-refusal';

/**
 * What staff see about one account: who it is, where its invitation stands, and every
 * email with its delivery status. Null when the account does not exist or the actor may
 * not see it (the caller answers 404 either way, so ids cannot be probed).
 */
export async function getAccountOverview(id: string, actor: Actor) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const db = await getDb();
  const counselor = alias(users, 'counselor');
  const creator = alias(users, 'creator');
  const deactivator = alias(users, 'deactivator');
  const [account] = await db
    .select({
      user: users,
      counselorName: counselor.name,
      counselorEmail: counselor.email,
      createdByName: creator.name,
      deactivatedByName: deactivator.name,
    })
    .from(users)
    .leftJoin(counselor, eq(counselor.id, users.counselorId))
    .leftJoin(creator, eq(creator.id, users.createdById))
    .leftJoin(deactivator, eq(deactivator.id, users.deactivatedById))
    .where(eq(users.id, id));
  if (!account || !canManageAccount(actor, account.user)) return null;

  const [invitation] = await db
    .select({
      sentAt: oneTimeTokens.createdAt,
      expiresAt: oneTimeTokens.expiresAt,
      usedAt: oneTimeTokens.usedAt,
      voidedAt: oneTimeTokens.voidedAt,
      expired: sql<boolean>`${oneTimeTokens.expiresAt} <= now()`,
    })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.userId, id), eq(oneTimeTokens.purpose, 'welcome')))
    .orderBy(desc(oneTimeTokens.createdAt))
    .limit(1);

  const emails = await db
    .select({
      id: emailOutbox.id,
      template: emailOutbox.template,
      toAddress: emailOutbox.toAddress,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      nextAttemptAt: emailOutbox.nextAttemptAt,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
      refusedAt: emailOutbox.refusedAt,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.userId, id))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(50);

  const [lastReset] = await db
    .select({ at: auditEvents.at, action: auditEvents.action })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.targetId, id),
        inArray(auditEvents.action, ['password_reset.requested', 'password_reset.sent_by_staff']),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1);

  const [throttle] = await db
    .select({ failures: signInThrottle.failures, nextAttemptAt: signInThrottle.nextAttemptAt })
    .from(signInThrottle)
    .where(eq(signInThrottle.email, account.user.email));

  // Neither the password hash nor the sealed two-step secret leaves this module.
  const { passwordHash, twoStepSecret: _secret, twoStepLastStep: _step, ...safeUser } = account.user;
  return {
    user: { ...safeUser, hasPassword: passwordHash !== null },
    counselor: account.counselorEmail
      ? { name: account.counselorName!, email: account.counselorEmail }
      : null,
    createdByName: account.createdByName,
    deactivatedByName: account.deactivatedByName,
    lastResetRequestAt: lastReset?.at ?? null,
    signInThrottle: throttle ?? null,
    invitation: invitation ?? null,
    pendingEmailChange: await pendingEmailChange(db, id),
    emails,
    /** The current address refused or bounced our last email to it (issue 30): shown on the status card. */
    emailRefusal: addressRefusal(emails, account.user.email),
  };
}

export type AccountOverview = NonNullable<Awaited<ReturnType<typeof getAccountOverview>>>;
