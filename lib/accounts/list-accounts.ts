import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';

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
