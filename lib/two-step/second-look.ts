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
 * sign-in throttle (a password via confirmPassword, a code via checkSecondFactor), and a
 * right one restarts the 15 minutes on this session's row (sessions.reauthenticated_at).
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { sessions, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { env } from '@/lib/env';
import { confirmPassword } from '@/lib/auth/confirm-password';
import { currentClientIp } from '@/lib/security/current-client-ip';
import type { CurrentUser } from '@/lib/auth/current-user';
import type { FormAnswer } from '@/lib/validation/form-action';
import { checkSecondFactor } from './check-second-factor';
import { looksLikeTotpCode } from './totp';

/** The form field that carries the password or code. */
export const SECOND_LOOK_FIELD = 'secondLookAnswer';
/** Marks a form answer as a second-look question (see components/second-look-fields.tsx). */
export const SECOND_LOOK_DATA = 'secondLook';
export const KEEP_PREFIX = 'keep.';

/** Did this session's person prove who they are within the last SECOND_LOOK_MINUTES (15)? */
export async function recentlyReauthenticated(sessionId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.id, sessionId),
        isNull(sessions.endedAt),
        sql`${sessions.reauthenticatedAt} > now() - make_interval(mins => ${env.SECOND_LOOK_MINUTES})`,
      ),
    );
  return Boolean(row);
}

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
