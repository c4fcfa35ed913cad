/**
 * A signed-in person proves it is still them with one of their passkeys, instead of typing
 * their password or a code: the console's second look, and the confirmation before adding
 * a passkey when the sign-in was a while ago. On success this session's second-look time
 * starts again (lib/two-step/second-look.ts), audited as passed "via passkey".
 */
import 'server-only';
import { restartSecondLook } from '@/lib/two-step/restart-second-look';
import { checkPasskey } from './check-passkey';

export async function confirmIdentityWithPasskey(input: {
  user: { id: string; sessionId: string };
  /** The passkey's answer (JSON) to a `reauthenticate` challenge of this session. */
  response: unknown;
  during: 'second_look' | 'add_passkey';
  ip: string | null;
}): Promise<'ok' | 'wrong' | 'throttled' | 'blocked'> {
  const { user, ip } = input;
  const check = await checkPasskey({
    userId: user.id,
    sessionId: user.sessionId,
    purpose: 'reauthenticate',
    during: input.during,
    response: input.response,
    ip,
  });
  if (!check.ok) return check.code === 'throttled' || check.code === 'blocked' ? check.code : 'wrong';
  await restartSecondLook(user, ip, 'passkey');
  return 'ok';
}
