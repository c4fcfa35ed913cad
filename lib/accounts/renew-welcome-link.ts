import 'server-only';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { consume, LIMITS } from '@/lib/security/rate-limit';
import { selfService } from './actor';
import { checkLink } from '@/lib/links/check-link';
import { resendWelcome } from './resend-welcome';

export type RenewResult =
  | { ok: true }
  | { ok: false; code: 'not_renewable' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/** Runs work after the response (the action passes Next's `after`); by default, now. */
export type Defer = (work: () => Promise<void>) => void | Promise<void>;
const runNow: Defer = (work) => work();

/**
 * "Send me a new link" on an expired or replaced welcome link. Holding the old link is
 * proof enough that the person reads that mailbox, and the new link goes to the address
 * on the account, so nothing can be redirected. Limited per account and per client IP
 * (reserved before any work). The link and its email are made through `defer`, so the
 * answer does not wait for them.
 */
export async function renewWelcomeLink(
  input: { token: string; ip?: string | null },
  defer: Defer = runNow,
): Promise<RenewResult> {
  const db = await getDb();
  const check = await checkLink(db, input.token, 'welcome', input.ip);
  const link = check.ok ? undefined : check.link;
  const renewable =
    !check.ok &&
    (check.problem === 'expired' || check.problem === 'superseded') &&
    link?.accountStatus === 'invited';
  if (!renewable || !link?.userId) return { ok: false, code: 'not_renewable' };

  for (const [rule, key] of [
    [LIMITS.welcomeRenewalPerUser, link.userId],
    [LIMITS.welcomeRenewalPerIp, input.ip],
  ] as const) {
    const limit = await consume(rule, key);
    if (!limit.allowed) {
      await recordAudit(db, {
        action: 'welcome.renewal_refused',
        targetId: link.userId,
        ip: input.ip,
        details: { limit: rule.name },
      });
      return { ok: false, code: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
    }
  }
  const userId = link.userId;
  let outcome: RenewResult = { ok: true };
  await defer(async () => {
    const result = await resendWelcome({ userId, actor: selfService(userId), ip: input.ip });
    if (!result.ok) outcome = { ok: false, code: 'not_renewable' };
  });
  return outcome;
}
