import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { users } from '@/lib/db/schema';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { voidOpenLinks } from '@/lib/links/void-open-links';
import { endAllSessions } from '@/lib/sessions/end-all-sessions';
import type { Recipient } from './send-link-email';

/**
 * Moves an account to a new address and ends the trust the old one gave, in the caller's
 * transaction: the address changes, every session ends, open links are voided (they went to
 * the old address), and the old address is told. The one way an address moves, whether
 * staff corrected an invited account's typo or the new address confirmed a change.
 * `onlyIfActive`: the account must still be active (false, and nothing changed, if not).
 */
export async function moveAddress(
  tx: Db,
  input: { user: Recipient; newEmail: string; onlyIfActive?: boolean },
): Promise<boolean> {
  const { user, newEmail } = input;
  const [moved] = await tx
    .update(users)
    .set({ email: newEmail, updatedAt: sql`now()` })
    .where(and(eq(users.id, user.id), input.onlyIfActive ? eq(users.status, 'active') : undefined))
    .returning({ id: users.id });
  if (!moved) return false;
  await endAllSessions(tx, user.id, 'email_changed');
  await voidOpenLinks(tx, user.id);
  await queueEmail(tx, {
    to: user.email,
    userId: user.id,
    message: {
      template: 'email-changed',
      props: {
        ...commonEmailProps(user.name, user.locale),
        oldEmail: user.email,
        newEmail,
        recipient: 'old',
      },
    },
  });
  return true;
}
