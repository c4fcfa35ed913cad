import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { signInThrottle, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/security/audit';
import { consume, LIMITS } from '@/lib/security/rate-limit';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';
import { clearSignInThrottle } from '@/lib/auth/sign-in-throttle';
import { emailField } from '@/lib/validation/fields';
import { consumeLink, inspectLinkFor, issueLink, linkUrl, type LinkState } from './links';

/**
 * "Email me a link to unblock signing in", offered on the throttled and blocked sign-in
 * messages. Answers the same for every address (the caller does not even wait for this
 * function: the action runs it after the response); only an existing, active account whose
 * sign-in is actually throttled gets an email (the link works once and for 1 hour).
 * Limited per address and per client IP, with budgets of its own (apart from "Forgot
 * password?", so one cannot be used up to silence the other).
 */
export async function requestUnblockLink(input: { email: unknown; ip?: string | null }): Promise<'sent' | 'nothing_to_do'> {
  const parsed = emailField.safeParse(input.email);
  if (!parsed.success) return 'nothing_to_do';
  const email = parsed.data;
  for (const [rule, key] of [
    [LIMITS.unblockRequestPerIp, input.ip ?? 'unknown'],
    [LIMITS.unblockRequestPerEmail, email],
  ] as const) {
    if (!(await consume(rule, key)).allowed) return 'nothing_to_do';
  }
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, name: users.name, locale: users.locale, status: users.status, failures: signInThrottle.failures })
    .from(users)
    .innerJoin(signInThrottle, eq(signInThrottle.email, users.email))
    .where(eq(users.email, email));
  if (!row || row.status !== 'active') return 'nothing_to_do';
  await db.transaction(async (tx) => {
    const { token, expiresAt } = await issueLink(tx, { userId: row.id, purpose: 'unblock', sentTo: email });
    await queueEmail(tx, { to: email, userId: row.id, message: { template: 'unblock', props: { ...commonEmailProps(row.name, row.locale), link: linkUrl('unblock', token), expiresAt: expiresAt.toISOString() } } });
    await recordAudit(tx, { action: 'sign_in.unblock_requested', targetId: row.id, ip: input.ip, details: { failures: row.failures } });
  });
  nudgeEmailWorker();
  return 'sent';
}

/** Uses an unblock link: the address may sign in again at once. */
export async function unblockWithLink(input: { token: string; ip?: string | null }): Promise<{ ok: true } | { ok: false; linkState: Exclude<LinkState, 'valid'> }> {
  const db = await getDb();
  const link = await inspectLinkFor(db, input.token, input.ip);
  if (link.state !== 'valid' || link.purpose !== 'unblock') return { ok: false, linkState: link.state === 'valid' ? 'unknown' : link.state };
  const done = await db.transaction(async (tx) => {
    const userId = await consumeLink(tx, input.token, 'unblock');
    if (!userId) return false;
    await clearSignInThrottle(link.email!, tx);
    await recordAudit(tx, { action: 'sign_in.unblocked', actorId: userId, targetId: userId, ip: input.ip, details: { via: 'email link' } });
    return true;
  });
  return done ? { ok: true } : { ok: false, linkState: 'used' };
}
