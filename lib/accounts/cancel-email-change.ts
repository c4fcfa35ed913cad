import 'server-only';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { checkLink } from '@/lib/links/check-link';
import { consumeLink } from '@/lib/links/consume-link';
import { type LinkProblemState } from '@/lib/links/link-problem';
import { dropPendingEmailChange } from './steps/drop-pending-email-change';

/**
 * The old address cancels a pending change of address with the link it was sent: both links
 * are voided and nothing else changes. Needs no password: the person reading the old mailbox
 * is who the account belongs to as far as the platform knows, and cancelling only keeps
 * things as they are.
 */
export async function cancelEmailChange(input: {
  token: string;
  ip?: string | null;
}): Promise<{ ok: true; keptEmail: string } | { ok: false; linkState: LinkProblemState }> {
  const db = await getDb();
  const check = await checkLink(db, input.token, 'cancel_email_change', input.ip);
  if (!check.ok) return { ok: false, linkState: check.problem };
  return db.transaction(async (tx) => {
    const used = await consumeLink(tx, input.token, 'cancel_email_change');
    if (!used.ok) return { ok: false, linkState: used.problem } as const;
    await dropPendingEmailChange(tx, used.userId);
    await recordAudit(tx, {
      action: 'account.email_change_cancelled',
      actorId: used.userId,
      targetId: used.userId,
      ip: input.ip,
    });
    return { ok: true, keptEmail: check.link.email } as const;
  });
}
