/**
 * Staff change the email address of an account (helpdesk: clients only; staff accounts:
 * application managers only, see canChangeEmail).
 *
 * The address is how a person proves who they are (every reset link goes there), so staff
 * alone cannot move it for an account that has a password: that would let a helpdesk worker
 * point an account at a mailbox of their own and reset its password (ASVS 6.4.6's concern).
 * Instead:
 *  - the new address gets a link (24 hours) and the change happens only when that link is
 *    used together with the account's current password, which only the person knows
 *    (confirm-email-change.ts);
 *  - the old address is told at once, with a link that cancels the change
 *    (cancel-email-change.ts);
 *  - while the change is pending, staff cannot send a reset link, and may withdraw it
 *    (withdraw-email-change.ts).
 *
 * An invited account (no password yet) changes at once: that is the typo in a welcome email,
 * and nobody can have signed in with it. Open links are voided (they went to the wrong
 * address), the old address gets a notice and the new one a fresh welcome link.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { issueLink } from '@/lib/links/issue-link';
import { normaliseEmail } from '@/lib/validation/fields';
import { actorId, actorName, type Actor } from './actor';
import { fail, isUniqueViolation, type AccountFailure } from './errors';
import { canChangeEmail } from './permissions';
import { withLockedAccount } from './steps/with-locked-account';
import { moveAddress } from './steps/move-address';
import { sendLinkEmail, type Recipient } from './steps/send-link-email';

/** `pending: true`: the new address must confirm first; false: the address changed now. */
export async function changeEmail(input: {
  userId: string;
  newEmail: string;
  actor: Actor;
  ip?: string | null;
}): Promise<{ ok: true; pending: boolean } | AccountFailure> {
  const newEmail = normaliseEmail(input.newEmail);
  try {
    return await withLockedAccount(
      { userId: input.userId },
      input.actor,
      canChangeEmail,
      async (tx, user) => {
        if (newEmail === user.email) return fail('unchanged');
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, newEmail));
        if (taken) return fail('email_taken');

        if (user.passwordHash) {
          await requestEmailChange(tx, { user, newEmail, actor: input.actor, ip: input.ip });
          return { ok: true, pending: true } as const;
        }
        await moveAddress(tx, { user, newEmail });
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
        return { ok: true, pending: false } as const;
      },
    );
  } catch (err) {
    // Someone else got this address at the same moment: nothing changed.
    if (isUniqueViolation(err)) return fail('email_taken');
    throw err;
  }
}

/**
 * Starts a change: a confirmation link to the new address, a notice with a cancel link to
 * the old one. A newer request replaces an open one (issueLink voids the earlier links of
 * each purpose).
 */
async function requestEmailChange(
  tx: Db,
  input: { user: Recipient; newEmail: string; actor: Actor; ip?: string | null },
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
