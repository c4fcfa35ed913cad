/**
 * A person makes new recovery codes (most used up, or the printed list lost): the old ones
 * stop working in the same transaction, the new ones are returned to be shown once (only
 * their hashes are kept), and the person is emailed. The password is asked first: whoever
 * holds a session alone must not be able to take the only working codes.
 */
import 'server-only';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { commonEmailProps } from '@/lib/email/common-props';
import { nudgeEmailWorker, queueEmail } from '@/lib/email/outbox';
import { confirmPassword, type PasswordCheck } from '@/lib/auth/confirm-password';
import { newRecoveryCodes } from './recovery-codes';
import { storeRecoveryCodes } from './store-recovery-codes';

export type RenewRecoveryCodesResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; code: 'two_step_off' }
  | Exclude<PasswordCheck, { ok: true }>;

export async function renewRecoveryCodes(input: {
  userId: string;
  password: string;
  ip?: string | null;
}): Promise<RenewRecoveryCodesResult> {
  const db = await getDb();
  // 1. The person, with two-step verification on (without it there are no codes to renew).
  const [user] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, input.userId), isNotNull(users.twoStepEnabledAt)));
  if (!user?.passwordHash) return { ok: false, code: 'two_step_off' };
  // 2. Their password, throttled like every password check.
  const checked = await confirmPassword({
    user: { ...user, passwordHash: user.passwordHash },
    password: input.password,
    during: 'recovery_codes',
    ip: input.ip,
  });
  if (!checked.ok) return checked;
  // 3. Old codes out, new codes in, audited and emailed: all or nothing.
  const codes = newRecoveryCodes();
  const renewed = await db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ name: users.name, locale: users.locale, email: users.email })
      .from(users)
      .where(and(eq(users.id, user.id), isNotNull(users.twoStepEnabledAt)))
      .for('update');
    if (!locked) return false; // turned off meanwhile
    await storeRecoveryCodes(tx, user.id, codes);
    await recordAudit(tx, {
      action: 'two_step.recovery_codes_renewed',
      actorId: user.id,
      targetId: user.id,
      ip: input.ip,
    });
    await queueEmail(tx, {
      to: locked.email,
      userId: user.id,
      message: {
        template: 'recovery-codes-renewed',
        props: { ...commonEmailProps(locked.name, locked.locale), renewedAt: new Date().toISOString() },
      },
    });
    await tx
      .update(users)
      .set({ updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    return true;
  });
  if (!renewed) return { ok: false, code: 'two_step_off' };
  nudgeEmailWorker();
  return { ok: true, recoveryCodes: codes };
}
