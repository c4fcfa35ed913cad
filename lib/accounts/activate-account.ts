import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import type { PasswordProblem } from '@/lib/password/policy';
import { checkNewPassword } from '@/lib/password/server';
import { recordAudit } from '@/lib/security/audit';
import { isWellFormedToken } from '@/lib/security/tokens';
import { recordUnknownLink } from '@/lib/security/link-guessing';
import { consumeLink, inspectLink, inspectLinkFor, voidOpenLinks, type LinkState } from './links';

export type ActivateResult =
  | { ok: true; userId: string; email: string }
  | { ok: false; code: 'link'; linkState: Exclude<LinkState, 'valid'> | 'deactivated' }
  | { ok: false; code: 'password'; problems: PasswordProblem[] };

/**
 * Sets the first password through a welcome link: the link is used up, the account
 * becomes active, other open links are voided and any session is ended, all in one
 * transaction. The policy is checked against the account's real email, not one sent by
 * the form.
 */
export async function activateAccountWithLink(input: { token: string; password: string; ip?: string | null }): Promise<ActivateResult> {
  const db = await getDb();
  if (!isWellFormedToken(input.token)) {
    await recordUnknownLink(input.ip);
    return { ok: false, code: 'link', linkState: 'unknown' };
  }
  const link = await inspectLinkFor(db, input.token, input.ip);
  if (link.state !== 'valid' || link.purpose !== 'welcome') {
    return { ok: false, code: 'link', linkState: link.state === 'valid' ? 'unknown' : link.state };
  }
  if (link.accountStatus === 'deactivated') return { ok: false, code: 'link', linkState: 'deactivated' };
  const problems = checkNewPassword(input.password, { email: link.email!, name: link.name });
  if (problems.length) return { ok: false, code: 'password', problems };

  // Hash before the transaction: argon2 is deliberately slow and must not hold locks.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const userId = await consumeLink(tx, input.token, 'welcome');
    if (!userId) {
      // Someone else used it a moment ago, or it just expired: report what it is now.
      const now = await inspectLink(tx, input.token);
      return { ok: false, code: 'link', linkState: now.state === 'valid' ? 'used' : now.state } as const;
    }
    const [user] = await tx
      .update(users)
      .set({
        passwordHash,
        passwordChangedAt: sql`now()`,
        status: 'active',
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: sql`now()`,
      })
      .where(sql`${users.id} = ${userId} and ${users.status} <> 'deactivated'`)
      .returning({ email: users.email });
    if (!user) {
      tx.rollback(); // deactivated between inspection and use: the link stays as it was
    }
    await voidOpenLinks(tx, userId);
    await recordAudit(tx, { action: 'account.activated', actorId: userId, targetId: userId, ip: input.ip });
    return { ok: true, userId, email: user!.email } as const;
  }).catch(async (err) => {
    if (err?.constructor?.name === 'TransactionRollbackError') return { ok: false, code: 'link', linkState: 'deactivated' } as const;
    throw err;
  });
}
