/**
 * "Resend all" for expired invitations on the dashboard: a fresh welcome email to every
 * account in scope whose invitation expired unused (lib/dashboard/invitations.ts), each
 * through resendWelcome (its own transaction, permission check and audit event), plus one
 * audit event for the whole run. Limited per staff member (reserved before the work), and
 * at most BULK_MAX accounts per run so one request stays short; the rest is for the next.
 */
import 'server-only';
import { actorId, type Actor } from '@/lib/accounts/actor';
import { resendWelcome } from '@/lib/accounts/resend-welcome';
import { recordAudit } from '@/lib/audit/record';
import { getDb } from '@/lib/db/client';
import { consume, LIMITS } from '@/lib/security/rate-limit';
import { expiredInvitations } from './invitations';
import { dashboardScope } from './scope';

export const BULK_MAX = 200;

export type ResendExpiredResult =
  | { ok: true; resent: number; skipped: number; remaining: number }
  | { ok: false; code: 'not_allowed' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/** How many accounts "Resend all" would reach now (for the confirmation step). */
export async function countExpiredInvitations(actor: Actor): Promise<number | null> {
  const scope = dashboardScope(actor);
  if (!scope) return null;
  return (await expiredInvitations(scope, new Date(), 0)).total;
}

export async function resendExpiredInvitations(input: {
  actor: Actor;
  ip?: string | null;
}): Promise<ResendExpiredResult> {
  const scope = dashboardScope(input.actor);
  if (!scope) return { ok: false, code: 'not_allowed' };
  const limit = await consume(LIMITS.bulkResendPerActor, actorId(input.actor) ?? 'operator');
  if (!limit.allowed) return { ok: false, code: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  const { total, rows } = await expiredInvitations(scope, new Date(), BULK_MAX);
  let resent = 0;
  for (const row of rows) {
    // One at a time: each is a small transaction, and a refusal (not allowed, activated
    // meanwhile) skips that account only.
    const result = await resendWelcome({
      userId: row.userId,
      actor: input.actor,
      ip: input.ip,
      onlyIfExpired: true,
    });
    if (result.ok) resent += 1;
  }
  const skipped = rows.length - resent;
  await recordAudit(await getDb(), {
    action: 'welcome.bulk_resent',
    actorId: actorId(input.actor),
    ip: input.ip,
    details: { resent, skipped },
  });
  return { ok: true, resent, skipped, remaining: Math.max(total - rows.length, 0) };
}
