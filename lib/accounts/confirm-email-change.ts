import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { confirmPassword, type PasswordCheck } from '@/lib/auth/confirm-password';
import { checkLink } from '@/lib/links/check-link';
import { consumeLink } from '@/lib/links/consume-link';
import { type LinkProblemState } from '@/lib/links/link-problem';
import { isUniqueViolation } from './errors';
import { inTransaction } from './steps/in-transaction';
import { moveAddress } from './steps/move-address';

export type ConfirmEmailResult =
  | { ok: true; email: string }
  | { ok: false; code: 'link'; linkState: LinkProblemState }
  | { ok: false; code: 'password'; check: Exclude<PasswordCheck, { ok: true }> }
  | { ok: false; code: 'email_taken' };

/**
 * The new address confirms a change staff started (change-email.ts) with the account's
 * current password, checked through the sign-in throttle. In one transaction: the link is
 * used, the address moves (every session ends, open links including the cancel link are
 * voided, the old address is told). A wrong password leaves the link usable (until the
 * throttle says otherwise).
 */
export async function confirmEmailChange(input: {
  token: string;
  password: string;
  ip?: string | null;
}): Promise<ConfirmEmailResult> {
  const db = await getDb();
  const check = await checkLink(db, input.token, 'confirm_email', input.ip);
  if (!check.ok) return { ok: false, code: 'link', linkState: check.problem };
  const [user] = await db.select().from(users).where(eq(users.id, check.link.userId));
  // A link of this kind is only issued for an account with a password.
  if (!user?.passwordHash) return { ok: false, code: 'link', linkState: 'unknown' };
  const password = await confirmPassword({
    user: { id: user.id, email: user.email, passwordHash: user.passwordHash },
    password: input.password,
    during: 'email_change',
    ip: input.ip,
  });
  if (!password.ok) return { ok: false, code: 'password', check: password };

  try {
    return await inTransaction(async (tx) => {
      const used = await consumeLink(tx, input.token, 'confirm_email');
      if (!used.ok) return { ok: false, code: 'link', linkState: used.problem } as const;
      // The link's sent_to is the new address: it is what the person just proved they read.
      const newEmail = used.sentTo;
      if (!(await moveAddress(tx, { user, newEmail, onlyIfActive: true })))
        return { ok: false, code: 'link', linkState: 'deactivated' } as const;
      await recordAudit(tx, {
        action: 'account.email_changed',
        actorId: user.id,
        targetId: user.id,
        ip: input.ip,
        details: { before: user.email, after: newEmail, confirmedBy: 'new address' },
      });
      return { ok: true, email: newEmail } as const;
    });
  } catch (err) {
    // Someone else got this address while the change waited: nothing changed, link still open.
    if (isUniqueViolation(err)) return { ok: false, code: 'email_taken' };
    throw err;
  }
}
