import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { users, type Role } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { endAllSessions } from '@/lib/sessions/end-all-sessions';
import { actorId, type Actor } from './actor';
import { fail, type AccountFailure } from './errors';
import { canChangeRole, creatableRoles } from './permissions';
import { withLockedAccount } from './steps/with-locked-account';

/**
 * Application managers change a role (never their own). Every session of the person ends,
 * so the new role applies at once; a client keeps their counselor, anyone else has none.
 */
export async function changeRole(input: {
  userId: string;
  role: Role;
  actor: Actor;
  ip?: string | null;
}): Promise<{ ok: true } | AccountFailure> {
  return withLockedAccount({ userId: input.userId }, input.actor, canChangeRole, async (tx, user) => {
    if (!creatableRoles(input.actor).includes(input.role)) return fail('not_allowed');
    if (user.role === input.role) return fail('unchanged');
    await tx
      .update(users)
      .set({
        role: input.role,
        counselorId: input.role === 'client' ? user.counselorId : null,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, user.id));
    await endAllSessions(tx, user.id, 'role_changed');
    await recordAudit(tx, {
      action: 'account.role_changed',
      actorId: actorId(input.actor),
      targetId: user.id,
      ip: input.ip,
      details: { before: user.role, after: input.role },
    });
    return { ok: true } as const;
  });
}
