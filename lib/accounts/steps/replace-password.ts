import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { users } from '@/lib/db/schema';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { voidOpenLinks } from '@/lib/links/void-open-links';
import { endAllSessions } from '@/lib/sessions/end-all-sessions';

/**
 * Puts a new password in place on an active account and ends the trust the old one gave:
 * every session ends (but `keep`), open links are voided, and the person is told by email,
 * in their language, so a change they did not make does not go unnoticed. Null when the
 * account is no longer active.
 */
export async function replacePassword(
  tx: Db,
  input: {
    userId: string;
    passwordHash: string;
    reason: 'password_reset' | 'password_changed';
    keep?: string;
  },
): Promise<{ email: string } | null> {
  const [user] = await tx
    .update(users)
    .set({ passwordHash: input.passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(users.id, input.userId), eq(users.status, 'active')))
    .returning({
      email: users.email,
      name: users.name,
      locale: users.locale,
      changedAt: users.passwordChangedAt,
    });
  if (!user) return null;
  await endAllSessions(tx, input.userId, input.reason, input.keep);
  await voidOpenLinks(tx, input.userId);
  await queueEmail(tx, {
    to: user.email,
    userId: input.userId,
    message: {
      template: 'password-changed',
      props: {
        ...commonEmailProps(user.name, user.locale),
        changedAt: (user.changedAt ?? new Date()).toISOString(),
      },
    },
  });
  return { email: user.email };
}
