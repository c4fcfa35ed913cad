import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { consume, LIMITS } from '@/lib/security/rate-limit';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { selfService } from './actor';
import { resendWelcome } from './resend-welcome';
import { inTransaction } from './steps/in-transaction';
import { sendLinkEmail } from './steps/send-link-email';

export type ResetRequestOutcome =
  'reset_link' | 'welcome_link' | 'deactivated_notice' | 'no_account' | 'throttled';

/**
 * "Forgot password?". The requester always gets the same answer (the caller does not even
 * wait for this function); only the mailbox owner learns the truth, from the email:
 * - active account: a reset link, valid once and for 1 hour (earlier reset links are voided);
 * - invited account that never chose a password: a fresh welcome link instead (7 days);
 * - deactivated account: no link, a note that the account is deactivated and the data kept;
 * - no account: nothing is sent.
 * Limited per address and per client IP; a throttled request sends nothing. Whoever asks
 * acts as self-service: everything goes only to the address on the account.
 */
export async function requestPasswordReset(input: {
  email: string;
  ip?: string | null;
}): Promise<ResetRequestOutcome> {
  const { email } = input;
  const db = await getDb();

  for (const [rule, key] of [
    [LIMITS.resetRequestPerIp, input.ip],
    [LIMITS.resetRequestPerEmail, email],
  ] as const) {
    if (!(await consume(rule, key)).allowed) {
      await recordAudit(db, {
        action: 'password_reset.requested',
        ip: input.ip,
        details: { outcome: 'throttled', limit: rule.name },
      });
      return 'throttled';
    }
  }

  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) {
    // Only the domain: a mistyped address may be someone else's.
    await recordAudit(db, {
      action: 'password_reset.requested',
      ip: input.ip,
      details: { outcome: 'no_account', emailDomain: email.split('@')[1] },
    });
    return 'no_account';
  }
  const actor = selfService(user.id);
  if (user.status === 'invited') {
    await resendWelcome({ userId: user.id, actor, ip: input.ip });
    await recordAudit(db, {
      action: 'password_reset.requested',
      targetId: user.id,
      ip: input.ip,
      details: { outcome: 'welcome_link' },
    });
    return 'welcome_link';
  }
  const outcome = user.status === 'deactivated' ? 'deactivated_notice' : 'reset_link';
  await inTransaction(async (tx) => {
    if (outcome === 'deactivated_notice') {
      await queueEmail(tx, {
        to: user.email,
        userId: user.id,
        message: { template: 'account-deactivated', props: commonEmailProps(user.name, user.locale) },
      });
    } else {
      await sendLinkEmail(tx, { recipient: user, purpose: 'reset', actor });
    }
    await recordAudit(tx, {
      action: 'password_reset.requested',
      targetId: user.id,
      ip: input.ip,
      details: { outcome },
    });
  });
  return outcome;
}
