import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/security/audit';
import { consume, LIMITS } from '@/lib/security/rate-limit';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';
import { emailField } from '@/lib/validation/fields';
import { OPERATOR } from './actor';
import { issueLink, linkUrl } from '@/lib/links/links';
import { resendWelcome } from './resend-welcome';

export type ResetRequestOutcome = 'reset_link' | 'welcome_link' | 'deactivated_notice' | 'no_account' | 'throttled' | 'invalid_email';

/**
 * "Forgot password?". The requester always gets the same answer (the caller does not even
 * wait for this function); only the mailbox owner learns the truth, from the email:
 * - active account: a reset link, valid once and for 1 hour (earlier reset links are voided);
 * - invited account that never chose a password: a fresh welcome link instead (7 days);
 * - deactivated account: no link, a note that the account is deactivated and the data kept;
 * - no account: nothing is sent.
 * Limited per address and per client IP; a throttled request sends nothing.
 */
export async function requestPasswordReset(input: { email: unknown; ip?: string | null }): Promise<ResetRequestOutcome> {
  const parsed = emailField.safeParse(input.email);
  if (!parsed.success) return 'invalid_email';
  const email = parsed.data;
  const db = await getDb();

  for (const [rule, key] of [
    [LIMITS.resetRequestPerIp, input.ip ?? 'unknown'],
    [LIMITS.resetRequestPerEmail, email],
  ] as const) {
    if (!(await consume(rule, key)).allowed) {
      await recordAudit(db, { action: 'password_reset.requested', ip: input.ip, details: { outcome: 'throttled', limit: rule.name } });
      return 'throttled';
    }
  }

  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) {
    // Only the domain: a mistyped address may be someone else's.
    await recordAudit(db, { action: 'password_reset.requested', ip: input.ip, details: { outcome: 'no_account', emailDomain: email.split('@')[1] } });
    return 'no_account';
  }
  if (user.status === 'invited') {
    await resendWelcome({ userId: user.id, actor: OPERATOR, ip: input.ip, reason: 'self_renewal' });
    await recordAudit(db, { action: 'password_reset.requested', targetId: user.id, ip: input.ip, details: { outcome: 'welcome_link' } });
    return 'welcome_link';
  }
  const outcome = user.status === 'deactivated' ? 'deactivated_notice' : 'reset_link';
  await db.transaction(async (tx) => {
    if (outcome === 'deactivated_notice') {
      await queueEmail(tx, { to: user.email, userId: user.id, message: { template: 'account-deactivated', props: commonEmailProps(user.name, user.locale) } });
    } else {
      const { token, expiresAt } = await issueLink(tx, { userId: user.id, purpose: 'reset', sentTo: user.email });
      await queueEmail(tx, {
        to: user.email,
        userId: user.id,
        message: { template: 'reset-password', props: { ...commonEmailProps(user.name, user.locale), link: linkUrl('reset', token), expiresAt: expiresAt.toISOString() } },
      });
    }
    await recordAudit(tx, { action: 'password_reset.requested', targetId: user.id, ip: input.ip, details: { outcome } });
  });
  nudgeEmailWorker();
  return outcome;
}
