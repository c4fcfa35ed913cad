import 'server-only';
import type { Db } from '@/lib/db/types';
import type { User as Account } from '@/lib/db/schema';
import type { Actor } from '../actor';
import type { AccountFailure } from '../errors';
import { inTransaction } from './in-transaction';
import { lockAccount, type AccountRef } from './lock-account';

/**
 * The opening of every operation on someone else's account, written once: one transaction
 * (email it queues goes out after the commit), the account found and its row locked
 * (lockAccount), the actor's permission checked with `may`; then `work` does the rest with
 * the locked row. When the opening fails (not found, not allowed) that failure is returned.
 */
export async function withLockedAccount<T>(
  account: AccountRef,
  actor: Actor,
  may: (actor: Actor, target: Account) => boolean,
  work: (tx: Db, user: Account) => Promise<T>,
): Promise<T | AccountFailure<'not_found' | 'not_allowed'>> {
  return inTransaction(async (tx) => {
    const found = await lockAccount(tx, { account, actor }, may);
    if (!found.ok) return found;
    return work(tx, found.user);
  });
}
