import 'server-only';
import { eq } from 'drizzle-orm';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { actorId, actorName, actorVia, type Actor } from './actor';
import { fail, type AccountFailure } from './errors';
import { canManageAccount } from './permissions';
import { inTransaction, sendLinkEmail } from './steps';

export type ResendWelcomeResult =
  | { ok: true; userId: string; welcomeUrl: string; expiresAt: Date }
  | AccountFailure<'not_found' | 'not_allowed' | 'not_invited'>;

/**
 * Sends a fresh welcome email with a new link; the previous link stops working at once.
 * Only for accounts still waiting for their first password (an active person who lost
 * their password uses "Forgot password?" instead).
 */
export async function resendWelcome(input: {
  userId: string;
  actor: Actor;
  ip?: string | null;
}): Promise<ResendWelcomeResult> {
  return inTransaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!user) return fail('not_found');
    if (!canManageAccount(input.actor, user)) return fail('not_allowed');
    if (user.status !== 'invited') return fail('not_invited');
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
