/**
 * Checks a code from the authenticator app, or a recovery code, for this person (at sign-in
 * and at the console's second look). A code is accepted once: the UPDATE that records its
 * time step only succeeds while the last accepted step is earlier, so of two requests with
 * the same code exactly one wins (and a code older than one already used is refused too).
 * A recovery code is spent by one conditional UPDATE in the same way.
 */
import 'server-only';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import type { Db } from '@/lib/db/types';
import { recoveryCodes, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { unseal } from '@/lib/security/sealed';
import { signInSucceeded } from '@/lib/auth/sign-in-throttle';
import { countRecoveryCodesLeft } from './count-recovery-codes-left';
import { hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes';
import { codeThrottleKey, reserveCodeAttempt, type Throttled } from './reserve-code-attempt';
import { looksLikeTotpCode, matchingStep } from './totp';

export type SecondFactorResult =
  | { ok: true; via: 'code' }
  | { ok: true; via: 'recovery_code'; recoveryCodesLeft: number }
  | { ok: false; code: 'wrong' }
  | Throttled;

export async function checkSecondFactor(input: {
  userId: string;
  answer: string;
  /** Where it was asked, for the audit trail: 'sign_in' or 'second_look'. */
  during: string;
  ip?: string | null;
}): Promise<SecondFactorResult> {
  const { userId, during } = input;
  const ip = input.ip ?? null;
  // 1. One attempt reserved, before the answer is looked at.
  const throttled = await reserveCodeAttempt({ userId, ip, during });
  if (throttled) return throttled;
  // 2. The person's secret, if two-step verification is on.
  const db = await getDb();
  const [user] = await db
    .select({ secret: users.twoStepSecret })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.twoStepEnabledAt)));
  // 3. The answer used up: a code from the app, or else a recovery code.
  const { result, reason } = !user
    ? { result: null, reason: 'wrong_code' }
    : looksLikeTotpCode(input.answer) && user.secret
      ? await spendCode(db, userId, user.secret, input.answer)
      : await spendRecoveryCode(db, userId, input.answer);
  // 4. Recorded either way; a right answer gives the attempt back.
  if (!result) {
    await recordAudit(db, {
      action: 'two_step.failed',
      actorId: userId,
      targetId: userId,
      ip,
      details: { reason, during },
    });
    return { ok: false, code: 'wrong' };
  }
  await signInSucceeded(codeThrottleKey(userId), ip);
  await recordAudit(db, {
    action: 'two_step.verified',
    actorId: userId,
    targetId: userId,
    ip,
    details: {
      via: result.via,
      during,
      ...(result.via === 'recovery_code' ? { recoveryCodesLeft: result.recoveryCodesLeft } : {}),
    },
  });
  return result;
}

type Used = { result: Extract<SecondFactorResult, { ok: true }> | null; reason: string };

/** The code's time step recorded as used, only if later than the last one accepted. */
async function spendCode(db: Db, userId: string, sealedSecret: string, answer: string): Promise<Used> {
  const step = matchingStep(unseal<{ secret: string }>(sealedSecret, 'two-step-secret').secret, answer);
  if (step === null) return { result: null, reason: 'wrong_code' };
  const [won] = await db
    .update(users)
    .set({ twoStepLastStep: step })
    .where(
      and(
        eq(users.id, userId),
        sql`(${users.twoStepLastStep} is null or ${users.twoStepLastStep} < ${step})`,
      ),
    )
    .returning({ id: users.id });
  return won
    ? { result: { ok: true, via: 'code' }, reason: '' }
    : { result: null, reason: 'code_already_used' };
}

/** The recovery code spent, only if it is the person's and still unused. */
async function spendRecoveryCode(db: Db, userId: string, answer: string): Promise<Used> {
  const normalised = normaliseRecoveryCode(answer);
  if (!normalised) return { result: null, reason: 'wrong_code' };
  const [spent] = await db
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hashRecoveryCode(normalised)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  if (!spent) return { result: null, reason: 'wrong_recovery_code' };
  return {
    result: { ok: true, via: 'recovery_code', recoveryCodesLeft: await countRecoveryCodesLeft(userId) },
    reason: '',
  };
}
