import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { signInThrottle, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { consume, LIMITS } from '@/lib/security/rate-limit';
import { selfService } from './actor';
import { inTransaction } from './steps/in-transaction';
import { sendLinkEmail } from './steps/send-link-email';

/**
 * "Email me a link to unblock signing in", offered on the throttled and blocked sign-in
 * messages. Answers the same for every address (the caller does not even wait for this
 * function: the action runs it after the response); only an existing, active account whose
 * sign-in is actually throttled gets an email (the link works once and for 1 hour).
 * Limited per address and per client IP, with budgets of its own (apart from "Forgot
 * password?", so one cannot be used up to silence the other).
 */
export async function requestUnblockLink(input: {
  email: string;
  ip?: string | null;
}): Promise<'sent' | 'nothing_to_do'> {
  const { email } = input;
  for (const [rule, key] of [
    [LIMITS.unblockRequestPerIp, input.ip],
    [LIMITS.unblockRequestPerEmail, email],
  ] as const) {
    if (!(await consume(rule, key)).allowed) return 'nothing_to_do';
  }
  const db = await getDb();
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      status: users.status,
      failures: signInThrottle.failures,
    })
    .from(users)
    .innerJoin(signInThrottle, eq(signInThrottle.email, users.email))
    .where(eq(users.email, email));
  if (!row || row.status !== 'active') return 'nothing_to_do';
  await inTransaction(async (tx) => {
    await sendLinkEmail(tx, { recipient: row, purpose: 'unblock', actor: selfService(row.id) });
    await recordAudit(tx, {
      action: 'sign_in.unblock_requested',
      targetId: row.id,
      ip: input.ip,
      details: { failures: row.failures },
    });
  });
  return 'sent';
}
