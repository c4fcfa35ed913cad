import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import type { PasswordProblem } from '@/lib/password/policy';
import { checkNewPassword } from '@/lib/password/server';
import { recordAudit } from '@/lib/audit/record';
import { checkLink } from '@/lib/links/check-link';
import { consumeLink } from '@/lib/links/consume-link';
import { voidOpenLinks } from '@/lib/links/void-open-links';
import { type LinkProblemState } from '@/lib/links/link-problem';

export type ActivateResult =
  | { ok: true; userId: string; email: string }
  | { ok: false; code: 'link'; linkState: LinkProblemState }
  | { ok: false; code: 'password'; problems: PasswordProblem[] };

/**
 * Sets the first password through a welcome link: the link is used up, the account
 * becomes active, other open links are voided and any session is ended, all in one
 * transaction. The policy is checked against the account's real email, not one sent by
 * the form.
 */
export async function activateAccountWithLink(input: {
  token: string;
  password: string;
  ip?: string | null;
}): Promise<ActivateResult> {
  const db = await getDb();
  const check = await checkLink(db, input.token, 'welcome', input.ip);
  if (!check.ok) return { ok: false, code: 'link', linkState: check.problem };
  const problems = checkNewPassword(input.password, { email: check.link.email, name: check.link.name });
  if (problems.length) return { ok: false, code: 'password', problems };

  // Hash before the transaction: argon2 is deliberately slow and must not hold locks.
  const passwordHash = await hashPassword(input.password);
  return db
    .transaction(async (tx) => {
      const used = await consumeLink(tx, input.token, 'welcome');
      if (!used.ok) return { ok: false, code: 'link', linkState: used.problem } as const;
      const { userId } = used;
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
    })
    .catch(async (err) => {
      if (err?.constructor?.name === 'TransactionRollbackError')
        return { ok: false, code: 'link', linkState: 'deactivated' } as const;
      throw err;
    });
}
