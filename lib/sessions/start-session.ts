import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '@/lib/db/rows';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { secondStepOnSql } from './second-step-on';
import { sessionInsert } from './session-insert';

/** A new session for a user (tests and tools; sign-in makes its own in verifyCredentials). */
export async function startSession(input: {
  userId: string;
  sessionVersion: number;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<string> {
  const db = await getDb();
  const [user] = await db
    .select({ twoStepOn: sql<boolean>`${secondStepOnSql(users)}` })
    .from(users)
    .where(eq(users.id, input.userId));
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sessionInsert({ ...input, twoStepOn: Boolean(user?.twoStepOn) })),
  );
  return row!.id;
}
