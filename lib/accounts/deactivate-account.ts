import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/security/audit';
import { normaliseEmail } from '@/lib/validation/fields';
import type { AccountFailure } from './errors';
import { issueLink, linkUrl, voidOpenLinks } from '@/lib/links/links';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';

interface ActorContext {
  actorId?: string | null;
  ip?: string | null;
}

/**
 * Deactivates an account: the person can no longer sign in, every session ends now and
 * open links are voided. Nothing is deleted: the account and all its data stay, so it can
 * be reactivated as it was.
 */
export async function deactivateAccount(
  input: { email: string; reason?: string | null } & ActorContext,
): Promise<{ ok: true; userId: string } | AccountFailure> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, normaliseEmail(input.email))).for('update');
    if (!user) return { ok: false, code: 'not_found' } as const;
    if (user.status === 'deactivated') return { ok: false, code: 'already_deactivated' } as const;
    await tx
      .update(users)
      .set({
        status: 'deactivated',
        deactivatedAt: sql`now()`,
        deactivatedById: input.actorId ?? null,
        deactivationReason: input.reason?.trim() || null,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, user.id));
    await tx
      .update(sessions)
      .set({ endedAt: sql`now()`, endReason: 'deactivated' })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.endedAt)));
    await voidOpenLinks(tx, user.id);
    await recordAudit(tx, {
      action: 'account.deactivated',
      actorId: input.actorId,
      targetId: user.id,
      ip: input.ip,
      details: { reason: input.reason?.trim() || null, previousStatus: user.status },
    });
    return { ok: true, userId: user.id } as const;
  });
}

/**
 * Reactivates an account. Someone who had chosen a password can sign in with it again;
 * someone who never did goes back to "invited" (the welcome email issue sends them a new link).
 */
export async function reactivateAccount(
  input: { email: string } & ActorContext,
): Promise<{ ok: true; userId: string; status: 'active' | 'invited'; welcomeUrl?: string } | AccountFailure> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, normaliseEmail(input.email))).for('update');
    if (!user) return { ok: false, code: 'not_found' } as const;
    if (user.status !== 'deactivated') return { ok: false, code: 'not_deactivated' } as const;
    const status = user.passwordHash ? 'active' : 'invited';
    await tx
      .update(users)
      .set({ status, deactivatedAt: null, deactivatedById: null, deactivationReason: null, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    await recordAudit(tx, {
      action: 'account.reactivated',
      actorId: input.actorId,
      targetId: user.id,
      ip: input.ip,
      details: { status, previousReason: user.deactivationReason },
    });
    // Deactivation voided their welcome link; someone who never chose a password needs a new one.
    if (status === 'active') return { ok: true, userId: user.id, status } as const;
    const welcome = await issueLink(tx, { userId: user.id, purpose: 'welcome', sentTo: user.email, createdById: input.actorId });
    const welcomeUrl = linkUrl('welcome', welcome.token);
    await queueEmail(tx, {
      to: user.email,
      userId: user.id,
      message: { template: 'welcome', props: { ...commonEmailProps(user.name, user.locale), link: welcomeUrl, expiresAt: welcome.expiresAt.toISOString() } },
    });
    return { ok: true, userId: user.id, status, welcomeUrl } as const;
  }).then((result) => {
    if (result.ok && result.status === 'invited') nudgeEmailWorker();
    return result;
  });
}
