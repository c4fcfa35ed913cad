'use server';

import { z } from 'zod';
import { getCurrentUser, STAFF_ROLES } from '@/lib/auth/current-user';
import { actorFrom } from '@/lib/accounts/actor';
import { currentClientIp } from '@/lib/security/current-client-ip';
import { countExpiredInvitations, resendExpiredInvitations } from '@/lib/dashboard/resend-expired';
import { formAction, type FormAnswer } from '@/lib/validation/form-action';
import { minutesToWait } from '@/lib/validation/minutes-to-wait';

/**
 * "Resend all expired invitations" in two steps, both on the server so it works without
 * JavaScript: the first post answers with how many people it would reach and asks to
 * confirm; only a post with confirm=yes sends (rate-limited and audited in the domain),
 * confirm=no cancels.
 */
export const resendExpiredAction = formAction(
  z.object({ confirm: z.enum(['yes', 'no']).optional() }),
  async ({ confirm }): Promise<FormAnswer> => {
    const user = await getCurrentUser();
    if (!user || !STAFF_ROLES.includes(user.role)) return { ok: false, message: 'dashboard.notAllowed' };
    const actor = actorFrom(user);
    // "Cancel": back to the first step, nothing sent.
    if (confirm === 'no') return {};
    if (confirm !== 'yes') {
      const count = await countExpiredInvitations(actor);
      if (count === null) return { ok: false, message: 'dashboard.notAllowed' };
      return { data: { confirmCount: count } };
    }
    const result = await resendExpiredInvitations({ actor, ip: await currentClientIp() });
    if (result.ok) return { ok: true, message: 'dashboard.resent', data: { resent: result.resent } };
    if (result.code === 'rate_limited')
      return {
        ok: false,
        message: 'dashboard.resendLimited',
        data: { minutes: minutesToWait(result.retryAfterSeconds) },
      };
    return { ok: false, message: 'dashboard.notAllowed' };
  },
  { invalid: () => ({ ok: false, message: 'dashboard.notAllowed' }) },
);
