import 'server-only';
import { eq, type SQL } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { users, type User as Account } from '@/lib/db/schema';
import { normaliseEmail } from '@/lib/validation/fields';
import type { Actor } from '../actor';
import { fail, type AccountFailure } from '../errors';

/** An account named by id (the console) or by email address (the command line). */
export type AccountRef = { userId: string } | { email: string };

/** The WHERE for an account reference, or null for an id that cannot exist (not a UUID). */
function accountWhere(ref: AccountRef): SQL | null {
  if ('email' in ref) return eq(users.email, normaliseEmail(ref.email));
  return /^[0-9a-f-]{36}$/i.test(ref.userId) ? eq(users.id, ref.userId) : null;
}

/**
 * The opening of every operation on someone else's account, in its transaction: find the
 * account, lock its row until the transaction ends (two staff acting on one account take
 * turns, so each decides on what the other left), and check that the actor may do this to it
 * (`may`, one of permissions.ts's rules).
 */
export async function lockAccount(
  tx: Db,
  input: { account: AccountRef; actor: Actor },
  may: (actor: Actor, target: Account) => boolean,
): Promise<{ ok: true; user: Account } | AccountFailure<'not_found' | 'not_allowed'>> {
  const where = accountWhere(input.account);
  if (!where) return fail('not_found');
  const [user] = await tx.select().from(users).where(where).for('update');
  if (!user) return fail('not_found');
  if (!may(input.actor, user)) return fail('not_allowed');
  return { ok: true, user };
}
