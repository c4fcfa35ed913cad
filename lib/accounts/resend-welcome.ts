import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/security/audit';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';
import { actorId, type Actor } from './actor';
import type { AccountFailure } from './errors';
import { issueLink, linkUrl } from '@/lib/links/links';
import { canManageAccount } from './permissions';

export type ResendWelcomeResult = { ok: true; userId: string; welcomeUrl: string; expiresAt: Date } | AccountFailure | { ok: false; code: 'not_invited' };

/**
 * Sends a fresh welcome email with a new link; the previous link stops working at once.
 * Only for accounts still waiting for their first password (an active person who lost
 * their password uses "Forgot password?" instead).
 */
export async function resendWelcome(input: { userId: string; actor: Actor; ip?: string | null; reason?: 'staff' | 'self_renewal' }): Promise<ResendWelcomeResult> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!user) return { ok: false, code: 'not_found' } as const;
    if (!canManageAccount(input.actor, user)) return { ok: false, code: 'not_allowed' } as const;
    if (user.status !== 'invited') return { ok: false, code: 'not_invited' } as const;
    const { token, expiresAt } = await issueLink(tx, { userId: user.id, purpose: 'welcome', sentTo: user.email, createdById: actorId(input.actor) });
    const welcomeUrl = linkUrl('welcome', token);
    await queueEmail(tx, {
      to: user.email,
      userId: user.id,
      message: {
        template: 'welcome',
        props: { ...commonEmailProps(user.name, user.locale), link: welcomeUrl, expiresAt: expiresAt.toISOString(), createdByName: input.actor.kind === 'user' ? input.actor.name : undefined },
      },
    });
    await recordAudit(tx, {
      action: 'welcome.resent',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { sentTo: user.email, via: input.reason ?? (input.actor.kind === 'operator' ? 'command line' : 'console') },
    });
    return { ok: true, userId: user.id, welcomeUrl, expiresAt } as const;
  });
  if (result.ok) nudgeEmailWorker();
  return result;
}
