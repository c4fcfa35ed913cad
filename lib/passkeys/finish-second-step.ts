/**
 * Finishes a sign-in that began with a password and owes the second step, with one of the
 * person's passkeys instead of a code from their app: checkPasskey (throttled like a code,
 * the challenge bound to this session and spent once), then this session is complete and
 * counts as just re-authenticated. The session must still be the person's pending one.
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema';
import { checkPasskey, type PasskeyCheckResult } from './check-passkey';

export async function finishSecondStepWithPasskey(input: {
  sessionId: string;
  userId: string;
  response: unknown;
  ip?: string | null;
}): Promise<PasskeyCheckResult> {
  const result = await checkPasskey({
    userId: input.userId,
    sessionId: input.sessionId,
    purpose: 'second_step',
    during: 'sign_in',
    response: input.response,
    ip: input.ip,
  });
  if (!result.ok) return result;
  const db = await getDb();
  await db
    .update(sessions)
    .set({ twoStepPending: false, reauthenticatedAt: sql`now()` })
    .where(
      and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId), isNull(sessions.endedAt)),
    );
  return result;
}
