import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';

/** Counselors a client can be given (not deactivated), by name: the create-account form's choices. */
export async function listCounselors() {
  const db = await getDb();
  return db
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.role, 'counselor'), sql`${users.status} <> 'deactivated'`))
    .orderBy(users.name);
}
