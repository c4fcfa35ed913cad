import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { checkLink } from '@/lib/links/check-link';
import { consumeLink } from '@/lib/links/consume-link';
import { issueLink } from '@/lib/links/issue-link';
import { type LinkProblemState } from '@/lib/links/link-problem';
import { endAllSessions } from '@/lib/sessions/end-all-sessions';

/**
 * "This was not me", from a new sign-in notice (lib/auth/notice-new-browser.ts). In one
 * transaction: the link is used up (once, however many presses arrive at once), every
 * session of the account ends (the stranger's too, and the applications it reached), and a
 * password reset starts: a fresh reset link, handed straight to this browser rather than
 * emailed, since whoever holds this link already reads the mailbox. The old password keeps
 * working until the new one is chosen: a stranger who knows it can sign in again meanwhile,
 * and is then noticed again.
 */
export async function secureAccountWithLink(input: {
  token: string;
  ip?: string | null;
}): Promise<{ ok: true; resetToken: string } | { ok: false; linkState: LinkProblemState }> {
  const db = await getDb();
  const check = await checkLink(db, input.token, 'secure_account', input.ip);
  if (!check.ok) return { ok: false, linkState: check.problem };
  return db.transaction(async (tx) => {
    const used = await consumeLink(tx, input.token, 'secure_account');
    if (!used.ok) return { ok: false, linkState: used.problem } as const;
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, used.userId));
    await endAllSessions(tx, used.userId, 'not_me');
    const reset = await issueLink(tx, { userId: used.userId, purpose: 'reset', sentTo: user!.email });
    await recordAudit(tx, {
      action: 'account.secured',
      actorId: used.userId,
      targetId: used.userId,
      ip: input.ip,
    });
    return { ok: true, resetToken: reset.token } as const;
  });
}
