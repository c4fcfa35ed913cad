import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { confirmPassword } from '@/lib/auth/confirm-password';
import { checkSecondFactor } from './check-second-factor';
import { restartSecondLook } from './restart-second-look';
import { looksLikeTotpCode } from './totp';

/**
 * Checks a password or code typed for the second look and, when right, restarts the 15
 * minutes. A six-digit answer is a code from the app (a password is never that short).
 */
export async function confirmIdentity(input: {
  user: { id: string; sessionId: string };
  answer: string;
  ip: string | null;
}): Promise<'ok' | 'wrong' | 'throttled' | 'blocked'> {
  const { user, answer, ip } = input;
  const db = await getDb();
  const [row] = await db
    .select({
      email: users.email,
      passwordHash: users.passwordHash,
      twoStepOn: sql<boolean>`${users.twoStepEnabledAt} is not null`,
    })
    .from(users)
    .where(eq(users.id, user.id));
  if (!row?.passwordHash) return 'wrong';
  const byCode = row.twoStepOn && looksLikeTotpCode(answer);
  const check = byCode
    ? await checkSecondFactor({ userId: user.id, answer, during: 'second_look', ip })
    : await confirmPassword({
        user: { id: user.id, email: row.email, passwordHash: row.passwordHash },
        password: answer,
        during: 'second_look',
        ip,
      });
  if (!check.ok) return check.code;
  await restartSecondLook(user, ip, byCode ? 'code' : 'password');
  return 'ok';
}
