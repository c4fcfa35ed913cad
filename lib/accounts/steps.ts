/**
 * The named steps account operations are built from, so each multi-step write is written
 * once: send a link by email, end every session, and run a transaction whose queued emails
 * go out right after it commits.
 */
import 'server-only';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import type { Db } from '@/lib/db/types';
import { sessions, users } from '@/lib/db/schema';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail, queueEmails } from '@/lib/email/outbox';
import type { EmailMessage } from '@/lib/email/render';
import { issueFirstLinks, issueLink, voidOpenLinks } from '@/lib/links/links';
import { endProviderSessions } from '@/lib/sessions/end-provider-sessions';
import { actorId, type Actor } from './actor';

/**
 * Runs `work` in one transaction, then asks the delivery worker to send what it queued at
 * once (after the commit: before it, the worker would not see the rows yet).
 */
export async function inTransaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
  const db = await getDb();
  const result = await db.transaction(work);
  nudgeEmailWorker();
  return result;
}

export interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: string | null;
}

const TEMPLATE = { welcome: 'welcome', reset: 'reset-password', unblock: 'unblock' } as const;

/**
 * Issues a link of this purpose (voiding the person's earlier one) and queues the email
 * that carries it, in the recipient's language. `to` is the address on the account unless
 * the link goes to a corrected one; `createdByName` is who the welcome email says made
 * the account. Returns the link, which the command line prints.
 */
export async function sendLinkEmail(
  tx: Db,
  input: {
    recipient: Recipient;
    purpose: keyof typeof TEMPLATE;
    actor: Actor;
    to?: string;
    createdByName?: string;
  },
): Promise<{ url: string; expiresAt: Date }> {
  const { recipient, purpose, actor } = input;
  const to = input.to ?? recipient.email;
  const { url, expiresAt } = await issueLink(tx, {
    userId: recipient.id,
    purpose,
    sentTo: to,
    createdById: actorId(actor),
  });
  await queueEmail(tx, {
    to,
    userId: recipient.id,
    message: linkEmailMessage(recipient, purpose, url, expiresAt, input.createdByName),
  });
  return { url, expiresAt };
}

/** The email that carries a link, in the recipient's language. */
function linkEmailMessage(
  recipient: Recipient,
  purpose: keyof typeof TEMPLATE,
  url: string,
  expiresAt: Date,
  createdByName: string | undefined,
): EmailMessage {
  const props = {
    ...commonEmailProps(recipient.name, recipient.locale),
    link: url,
    expiresAt: expiresAt.toISOString(),
  };
  return purpose === 'welcome'
    ? { template: TEMPLATE[purpose], props: { ...props, createdByName } }
    : { template: TEMPLATE[purpose], props };
}

/**
 * sendLinkEmail('welcome') for many accounts just made in this transaction (an import), in
 * three statements instead of four per account: the same links and the same email.
 */
export async function sendWelcomeEmails(
  tx: Db,
  input: { recipients: readonly Recipient[]; actor: Actor; createdByName?: string },
): Promise<Map<string, { url: string; expiresAt: Date }>> {
  const links = await issueFirstLinks(
    tx,
    input.recipients.map((r) => ({
      userId: r.id,
      purpose: 'welcome' as const,
      sentTo: r.email,
      createdById: actorId(input.actor),
    })),
  );
  await queueEmails(
    tx,
    input.recipients.map((r) => {
      const link = links.get(r.id)!;
      return {
        to: r.email,
        userId: r.id,
        message: linkEmailMessage(r, 'welcome', link.url, link.expiresAt, input.createdByName),
      };
    }),
  );
  return links;
}

/**
 * Ends every session of the person now: bumps session_version (so a session cookie that is
 * still around is refused) and marks the rows ended with the reason. `keep` names the one
 * session that stays, moved to the new version (a password change keeps the device it was
 * made on). Every application the person reached through Gatehouse is signed out too, the
 * kept session's included: its provider sessions end, its tokens are revoked and the
 * applications get back-channel logouts (lib/sessions/end-provider-sessions.ts).
 */
export async function endAllSessions(tx: Db, userId: string, reason: string, keep?: string): Promise<void> {
  const [user] = await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  if (keep)
    await tx.update(sessions).set({ sessionVersion: user!.sessionVersion }).where(eq(sessions.id, keep));
  await tx
    .update(sessions)
    .set({ endedAt: sql`now()`, endReason: reason })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.endedAt), keep ? ne(sessions.id, keep) : undefined),
    );
  await endProviderSessions(tx, { userId }, reason);
}

/**
 * Puts a new password in place on an active account and ends the trust the old one gave:
 * every session ends (but `keep`), open links are voided, and the person is told by email,
 * in their language, so a change they did not make does not go unnoticed. Null when the
 * account is no longer active.
 */
export async function replacePassword(
  tx: Db,
  input: {
    userId: string;
    passwordHash: string;
    reason: 'password_reset' | 'password_changed';
    keep?: string;
  },
): Promise<{ email: string } | null> {
  const [user] = await tx
    .update(users)
    .set({ passwordHash: input.passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(users.id, input.userId), eq(users.status, 'active')))
    .returning({
      email: users.email,
      name: users.name,
      locale: users.locale,
      changedAt: users.passwordChangedAt,
    });
  if (!user) return null;
  await endAllSessions(tx, input.userId, input.reason, input.keep);
  await voidOpenLinks(tx, input.userId);
  await queueEmail(tx, {
    to: user.email,
    userId: input.userId,
    message: {
      template: 'password-changed',
      props: {
        ...commonEmailProps(user.name, user.locale),
        changedAt: (user.changedAt ?? new Date()).toISOString(),
      },
    },
  });
  return { email: user.email };
}
