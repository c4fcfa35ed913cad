/**
 * The signed-in person removes one of their passkeys:
 *
 * 1. The passkey is theirs.
 * 2. They prove it is them: their password (through the sign-in throttle, as everywhere a
 *    password is typed), or a passkey (checkPasskey: another one, or this one while it
 *    still works).
 * 3. In one transaction: the passkey deleted, every other session of theirs ended (it may
 *    be going because a device was lost; this browser stays signed in, as after changing
 *    the password), audited, and the person emailed in their language.
 *
 * The browser's copy is the person's to delete; the page tells the browser the passkey is
 * no longer accepted (WebAuthn signals) so it stops offering it.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { passkeys, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { confirmPassword } from '@/lib/auth/confirm-password';
import { commonEmailProps } from '@/lib/email/common-props';
import { queueEmail } from '@/lib/email/outbox';
import { endAllSessions, inTransaction } from '@/lib/accounts/steps';
import { checkPasskey } from './check-passkey';

export type RemovePasskeyResult =
  | { ok: true; name: string }
  | {
      ok: false;
      code: 'not_found' | 'wrong' | 'invalid' | 'expired' | 'replayed' | 'unknown_passkey' | 'blocked';
    }
  | { ok: false; code: 'throttled'; retryAfterSeconds: number };

export async function removePasskey(input: {
  user: { id: string; sessionId: string };
  passkeyId: string;
  /** The person's password, or the JSON of a passkey assertion for a `reauthenticate` challenge. */
  confirmation: { password: string } | { passkey: string };
  ip?: string | null;
}): Promise<RemovePasskeyResult> {
  const { user } = input;
  const db = await getDb();
  const [found] = await db
    .select({ name: passkeys.name, email: users.email, passwordHash: users.passwordHash })
    .from(passkeys)
    .innerJoin(users, eq(users.id, passkeys.userId))
    .where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.userId, user.id), eq(users.status, 'active')));
  if (!found) return { ok: false, code: 'not_found' };

  if ('password' in input.confirmation) {
    if (!found.passwordHash) return { ok: false, code: 'wrong' };
    const check = await confirmPassword({
      user: { id: user.id, email: found.email, passwordHash: found.passwordHash },
      password: input.confirmation.password,
      during: 'remove_passkey',
      ip: input.ip,
    });
    if (!check.ok) return check.code === 'throttled' ? check : { ok: false, code: check.code };
  } else {
    const check = await checkPasskey({
      userId: user.id,
      sessionId: user.sessionId,
      purpose: 'reauthenticate',
      during: 'remove_passkey',
      response: input.confirmation.passkey,
      ip: input.ip,
    });
    if (!check.ok) return check;
  }

  return inTransaction(async (tx): Promise<RemovePasskeyResult> => {
    const [removed] = await tx
      .delete(passkeys)
      .where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.userId, user.id)))
      .returning({ name: passkeys.name });
    // Removed meanwhile (a second tab): nothing more to do, and nothing to tell twice.
    if (!removed) return { ok: false, code: 'not_found' };
    const [person] = await tx
      .select({ email: users.email, name: users.name, locale: users.locale })
      .from(users)
      .where(eq(users.id, user.id));
    await endAllSessions(tx, user.id, 'passkey_removed', user.sessionId);
    await recordAudit(tx, {
      action: 'passkey.removed',
      actorId: user.id,
      targetId: user.id,
      ip: input.ip,
      details: { via: 'self', passkeyId: input.passkeyId, name: removed.name },
    });
    await queueEmail(tx, {
      to: person!.email,
      userId: user.id,
      message: {
        template: 'passkey-removed',
        props: {
          ...commonEmailProps(person!.name, person!.locale),
          passkeyNames: [removed.name],
          removedAt: new Date().toISOString(),
          byHelpdesk: false,
        },
      },
    });
    return { ok: true, name: removed.name };
  });
}
