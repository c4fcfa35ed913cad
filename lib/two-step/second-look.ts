/**
 * The console's second look (ASVS 7.5.3): deactivating, changing an email address or a
 * role, and resetting someone's two-step verification need the staff member to have proved
 * who they are (password, or a code from their app) within the last 15 minutes
 * (SECOND_LOOK_MINUTES). A stolen
 * session left open on a desk then cannot do the damage on its own.
 *
 * One guard for server actions, one line each:
 *
 *   const asked = await secondLook(user, raw, ['reason']); if (asked) return asked;
 *
 * It returns null when the action may go on. Otherwise it returns the form answer that asks
 * for the password or a code, carrying the action's own fields back (data `keep.<name>`)
 * so the form re-posts them as hidden inputs with the answer: the action then continues
 * where it stopped, with or without JavaScript. The answer is checked here, through the
 * sign-in throttle (confirm-identity.ts: a password via confirmPassword, a code via
 * checkSecondFactor), and a right one restarts the 15 minutes on this session's row
 * (restart-second-look.ts: sessions.reauthenticated_at; recently-reauthenticated.ts reads it).
 */
import 'server-only';
import { currentClientIp } from '@/lib/security/current-client-ip';
import type { CurrentUser } from '@/lib/auth/current-user';
import type { FormAnswer } from '@/lib/validation/form-action';
import { confirmIdentity } from './confirm-identity';
import { recentlyReauthenticated } from './recently-reauthenticated';

/** The form field that carries the password or code. */
export const SECOND_LOOK_FIELD = 'secondLookAnswer';
/** Marks a form answer as a second-look question (see components/second-look-fields.tsx). */
export const SECOND_LOOK_DATA = 'secondLook';
export const KEEP_PREFIX = 'keep.';

/** The guard for a dangerous console action; see the top of this file. */
export async function secondLook(
  user: CurrentUser,
  raw: Record<string, FormDataEntryValue>,
  keep: readonly string[] = [],
): Promise<FormAnswer | null> {
  if (await recentlyReauthenticated(user.sessionId)) return null;
  const ask = (message: string): FormAnswer => ({
    ok: false,
    message,
    data: {
      [SECOND_LOOK_DATA]: 1,
      ...Object.fromEntries(
        keep
          .filter((name) => typeof raw[name] === 'string')
          .map((name) => [`${KEEP_PREFIX}${name}`, String(raw[name]).slice(0, 2000)]),
      ),
    },
  });
  const answer = typeof raw[SECOND_LOOK_FIELD] === 'string' ? raw[SECOND_LOOK_FIELD] : '';
  if (!answer) return ask('secondLook.asked');
  const outcome = await confirmIdentity({ user, answer, ip: await currentClientIp() });
  if (outcome === 'ok') return null;
  return ask(`secondLook.${outcome}`);
}
