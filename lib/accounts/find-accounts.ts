import 'server-only';
import { asc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { normaliseEmail } from '@/lib/validation/fields';

/** An account named by id (the console) or by email address (the command line). */
export type AccountRef = { userId: string } | { email: string };

/** The WHERE for an account reference, or null for an id that cannot exist (not a UUID). */
export function accountWhere(ref: AccountRef): SQL | null {
  if ('email' in ref) return eq(users.email, normaliseEmail(ref.email));
  return /^[0-9a-f-]{36}$/i.test(ref.userId) ? eq(users.id, ref.userId) : null;
}

export async function findAccountByEmail(email: string) {
  const db = await getDb();
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return user ?? null;
}

/** Every account with its counselor's email, oldest first (command line; the console gets search). */
export async function listAccounts() {
  const db = await getDb();
  const counselor = alias(users, 'counselor');
  return db
    .select({
      email: users.email,
      name: users.name,
      role: users.role,
      status: users.status,
      counselorEmail: counselor.email,
      lastSignInAt: users.lastSignInAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(counselor, eq(counselor.id, users.counselorId))
    .orderBy(asc(users.createdAt), asc(users.email));
}
