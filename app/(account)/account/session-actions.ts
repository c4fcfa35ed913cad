'use server';

import { z } from 'zod';
import { getCurrentUser } from '@/lib/auth/current-user';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { endOtherSessions } from '@/lib/sessions/end-other-sessions';
import { endOwnSession } from '@/lib/sessions/end-own-session';
import { formAction, type FormAnswer } from '@/lib/validation/form-action';

const schema = z.object({
  sessionId: z.string().max(100).optional(),
  everywhere: z.literal('1').optional(),
});

/**
 * "Where you are signed in": a row's button ends that one session, the last button every
 * other one. Only the person's own open sessions can be named; anything else (someone
 * else's id, one already ended, a page left open too long) changes nothing and says so.
 */
export const endSessionsAction = formAction(
  schema,
  async ({ sessionId, everywhere }): Promise<FormAnswer> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, message: 'sessions.gone' };
    const ip = await currentClientIp();
    if (everywhere) {
      const { ended } = await endOtherSessions({ userId: user.id, currentSessionId: user.sessionId, ip });
      return { ok: true, message: 'sessions.endedOthers', data: { count: ended } };
    }
    const result = await endOwnSession({
      userId: user.id,
      sessionId,
      currentSessionId: user.sessionId,
      ip,
    });
    if (result.ok) return { ok: true, message: 'sessions.ended' };
    return { ok: false, message: result.code === 'current' ? 'sessions.current' : 'sessions.gone' };
  },
  { invalid: () => ({ ok: false, message: 'sessions.gone' }) },
);
