/** Whether this person has two-step verification on, and how many recovery codes are left. */
import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { countRecoveryCodesLeft } from './count-recovery-codes-left';

export async function getTwoStepStatus(userId: string): Promise<{ on: boolean; recoveryCodesLeft: number }> {
  const db = await getDb();
  const [user] = await db.select({ at: users.twoStepEnabledAt }).from(users).where(eq(users.id, userId));
  return { on: Boolean(user?.at), recoveryCodesLeft: user?.at ? await countRecoveryCodesLeft(userId) : 0 };
}
