import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { oneTimeTokens } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { actorId, actorName, actorVia, type Actor } from './actor';
import { fail, type AccountFailure } from './errors';
import { canManageAccount } from './permissions';
import { withLockedAccount } from './steps/with-locked-account';
import { sendLinkEmail } from './steps/send-link-email';

export type ResendWelcomeResult =
  | { ok: true; userId: string; welcomeUrl: string; expiresAt: Date }
  | AccountFailure<'not_found' | 'not_allowed' | 'not_invited' | 'unchanged'>;

/**
 * Sends a fresh welcome email with a new link; the previous link stops working at once.
 * Only for accounts still waiting for their first password (an active person who lost
 * their password uses "Forgot password?" instead).
 */
export async function resendWelcome(input: {
  userId: string;
  actor: Actor;
  ip?: string | null;
  /**
   * Only when no welcome link is open now ("resend all expired" on the dashboard): decided
   * under the row lock, so two runs at once send one new link, not two. Else: unchanged.
   */
  onlyIfExpired?: boolean;
}): Promise<ResendWelcomeResult> {
  return withLockedAccount({ userId: input.userId }, input.actor, canManageAccount, async (tx, user) => {
    if (user.status !== 'invited') return fail('not_invited');
    if (input.onlyIfExpired) {
      const [open] = await tx
        .select({ id: oneTimeTokens.id })
        .from(oneTimeTokens)
        .where(
          and(
            eq(oneTimeTokens.userId, user.id),
            eq(oneTimeTokens.purpose, 'welcome'),
            isNull(oneTimeTokens.usedAt),
            isNull(oneTimeTokens.voidedAt),
            gt(oneTimeTokens.expiresAt, sql`clock_timestamp()`),
          ),
        )
        .limit(1);
      if (open) return fail('unchanged');
    }
    const { url: welcomeUrl, expiresAt } = await sendLinkEmail(tx, {
      recipient: user,
      purpose: 'welcome',
      actor: input.actor,
      createdByName: actorName(input.actor),
    });
    await recordAudit(tx, {
      action: 'welcome.resent',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { sentTo: user.email, via: actorVia(input.actor) },
    });
    return { ok: true, userId: user.id, welcomeUrl, expiresAt } as const;
  });
}
