import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';

/**
 * The person just proved who they are (`via`: their password, a code, or a passkey, which
 * lib/passkeys checks): this session's SECOND_LOOK_MINUTES start again, audited.
 */
export async function restartSecondLook(
  user: { id: string; sessionId: string },
  ip: string | null,
  via: 'code' | 'password' | 'passkey',
): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({ reauthenticatedAt: sql`now()` })
      .where(eq(sessions.id, user.sessionId));
    await recordAudit(tx, {
      action: 'second_look.passed',
      actorId: user.id,
      targetId: user.id,
      ip,
      details: { via },
    });
  });
}
