import 'server-only';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { clearSignInThrottle } from '@/lib/auth/sign-in-throttle';
import { checkLink } from '@/lib/links/check-link';
import { consumeLink } from '@/lib/links/consume-link';
import { type LinkProblemState } from '@/lib/links/link-problem';

/**
 * A person uses the unblock link they asked for (request-unblock-link.ts): the address may
 * sign in again at once (not for a deactivated account).
 */
export async function unblockWithLink(input: {
  token: string;
  ip?: string | null;
}): Promise<{ ok: true } | { ok: false; linkState: LinkProblemState }> {
  const db = await getDb();
  const check = await checkLink(db, input.token, 'unblock', input.ip);
  if (!check.ok) return { ok: false, linkState: check.problem };
  const used = await db.transaction(async (tx) => {
    const result = await consumeLink(tx, input.token, 'unblock');
    if (!result.ok) return result;
    await clearSignInThrottle(check.link.email, tx);
    await recordAudit(tx, {
      action: 'sign_in.unblocked',
      actorId: result.userId,
      targetId: result.userId,
      ip: input.ip,
      details: { via: 'email link' },
    });
    return result;
  });
  return used.ok ? { ok: true } : { ok: false, linkState: used.problem };
}
