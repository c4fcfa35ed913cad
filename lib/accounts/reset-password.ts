import 'server-only';
import { getDb } from '@/lib/db/client';
import { hashPassword } from '@/lib/auth/password-hash';
import type { PasswordProblem } from '@/lib/password/policy';
import { checkNewPassword } from '@/lib/password/server';
import { recordAudit } from '@/lib/audit/record';
import { checkLink } from '@/lib/links/check-link';
import { consumeLink } from '@/lib/links/consume-link';
import { type LinkProblemState } from '@/lib/links/link-problem';
import { clearSignInThrottle } from '@/lib/auth/sign-in-throttle';
import { inTransaction } from './steps/in-transaction';
import { replacePassword } from './steps/replace-password';

export type ResetResult =
  | { ok: true; userId: string }
  | { ok: false; code: 'link'; linkState: LinkProblemState }
  | { ok: false; code: 'password'; problems: PasswordProblem[] };

/**
 * Chooses a new password through a reset link. In one transaction: the link is used up,
 * the password replaced, every session of the account ended (session_version bump and
 * the rows marked), its other open links voided, and a "your password was changed" email
 * queued. The person then signs in themselves: a reset never signs anyone in.
 */
export async function resetPasswordWithLink(input: {
  token: string;
  password: string;
  ip?: string | null;
}): Promise<ResetResult> {
  const db = await getDb();
  const refuse = async (linkState: LinkProblemState, userId?: string) => {
    await recordAudit(db, {
      action: 'password_reset.failed',
      targetId: userId ?? null,
      ip: input.ip,
      details: { linkState },
    });
    return { ok: false, code: 'link', linkState } as const;
  };
  const check = await checkLink(db, input.token, 'reset', input.ip);
  if (!check.ok) return refuse(check.problem, check.link?.userId);
  const { link } = check;
  const problems = checkNewPassword(input.password, { email: link.email, name: link.name });
  if (problems.length) return { ok: false, code: 'password', problems };

  const passwordHash = await hashPassword(input.password);
  const result = await inTransaction(async (tx) => {
    const used = await consumeLink(tx, input.token, 'reset');
    if (!used.ok) return used;
    const { userId } = used;
    const user = await replacePassword(tx, { userId, passwordHash, reason: 'password_reset' });
    if (!user) return { ok: false, problem: 'deactivated' } as const;
    // Whoever reads this mailbox has proved it: a throttled or blocked sign-in starts afresh.
    await clearSignInThrottle(user.email, tx);
    await recordAudit(tx, {
      action: 'password_reset.completed',
      actorId: userId,
      targetId: userId,
      ip: input.ip,
    });
    return { ok: true, userId } as const;
  });
  if (!result.ok) return refuse(result.problem, link.userId);
  return result;
}
