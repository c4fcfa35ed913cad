/**
 * Two-step verification, its whole life in one place: enrolling (a secret shown as a QR
 * code, confirmed with a code, ten recovery codes), checking a code or a recovery code at
 * sign-in and at the console's second look, and finishing a sign-in that owed a code.
 * The helpdesk's reset lives in reset-two-step.ts.
 *
 * Every check is throttled exactly like a password (lib/auth/sign-in-throttle.ts: reserved
 * as a failure in one statement before the code is looked at, given back on success), under
 * its own key per person, so knowing the password buys no faster code guessing: a correct
 * password clears the address's failures, not the codes'.
 */
import 'server-only';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { getDb } from '@/lib/db/client';
import { recoveryCodes, sessions, users } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { env } from '@/lib/env';
import { seal, unseal } from '@/lib/security/sealed';
import { queueEmail } from '@/lib/email/outbox';
import { commonEmailProps } from '@/lib/email/common-props';
import { reserveSignInAttempt, signInSucceeded } from '@/lib/auth/sign-in-throttle';
import { confirmPassword } from '@/lib/auth/confirm-password';
import { groupedSecret, looksLikeTotpCode, matchingStep, newTotpSecret, otpauthUri } from './totp';
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes';

/** The sign-in throttle's key for this person's codes (never an email address: it has no @). */
export function codeThrottleKey(userId: string): string {
  return `two-step:${userId}`;
}

/** An enrolment not confirmed within this time starts over with a new secret. */
const ENROLMENT_MINUTES = 30;

interface EnrolmentTicket {
  userId: string;
  secret: string;
  issuedAt: number;
}

export interface EnrolmentStart {
  /** Sealed (secret, person, time): carried by the confirm form, so nothing is stored before a correct code. */
  ticket: string;
  /** The secret in groups of four, for typing into an app by hand. */
  secretText: string;
  /** The QR code as SVG markup (made here on the server; the page needs no script or image source). */
  qrSvg: string;
}

export async function startEnrolment(user: { id: string; email: string }): Promise<EnrolmentStart> {
  const secret = newTotpSecret();
  const uri = otpauthUri({ secret, account: user.email, issuer: env.PLATFORM_NAME });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const ticket = seal(
    { userId: user.id, secret, issuedAt: Date.now() } satisfies EnrolmentTicket,
    'two-step-enrolment',
  );
  return { ticket, secretText: groupedSecret(secret), qrSvg };
}

function openTicket(ticket: string, userId: string): string | null {
  try {
    const t = unseal<EnrolmentTicket>(ticket, 'two-step-enrolment');
    if (t.userId !== userId || Date.now() - t.issuedAt > ENROLMENT_MINUTES * 60_000) return null;
    return t.secret;
  } catch {
    return null;
  }
}

export type Throttled =
  { ok: false; code: 'throttled'; retryAfterSeconds: number } | { ok: false; code: 'blocked' };

async function reserveCodeAttempt(
  userId: string,
  ip: string | null,
  during: string,
): Promise<Throttled | null> {
  const verdict = await reserveSignInAttempt(codeThrottleKey(userId), ip);
  if (verdict.allowed) return null;
  await recordAudit(await getDb(), {
    action: 'two_step.throttled',
    actorId: userId,
    targetId: userId,
    ip,
    details: { reason: verdict.reason, during },
  });
  return verdict.reason === 'blocked'
    ? { ok: false, code: 'blocked' }
    : { ok: false, code: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
}

export type EnrolmentResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; code: 'expired' | 'wrong' | 'already_on' | 'wrong_password' }
  | Throttled;

/**
 * Turns two-step verification on once the person shows their password and that their app
 * makes the right codes. The password comes first (through the sign-in throttle, like every
 * password): a session alone, left open on a desk, must not be enough to put someone
 * else's app on the account and keep its recovery codes, locking the owner out.
 *
 * The secret is stored sealed, the code's step is recorded as used, ten recovery codes are
 * made (only their hashes stored) and returned to be shown once, and the person gets an
 * email (in the same transaction) so an enrolment they did not make is noticed.
 *
 * Enrolling is not a fresh second look: the session's reauthenticated_at is left alone, so
 * the console's dangerous actions still ask (lib/two-step/second-look.ts). The code-guess
 * count is cleared only when this call really turned it on; a valid code for a second,
 * losing enrolment changes nothing.
 */
export async function confirmEnrolment(input: {
  user: { id: string };
  sessionId: string;
  ticket: string;
  code: string;
  password: string;
  ip?: string | null;
}): Promise<EnrolmentResult> {
  const { user } = input;
  const ip = input.ip ?? null;
  const secret = openTicket(input.ticket, user.id);
  if (!secret) return { ok: false, code: 'expired' };
  const db = await getDb();
  const [person] = await db
    .select({ email: users.email, name: users.name, locale: users.locale, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, user.id));
  if (!person?.passwordHash) return { ok: false, code: 'wrong_password' };
  const password = await confirmPassword({
    user: { id: user.id, email: person.email, passwordHash: person.passwordHash },
    password: input.password,
    during: 'two_step_enrolment',
    ip,
  });
  if (!password.ok) return password.code === 'wrong' ? { ok: false, code: 'wrong_password' } : password;

  const throttled = await reserveCodeAttempt(user.id, ip, 'enrolment');
  if (throttled) return throttled;
  const step = matchingStep(secret, input.code);
  if (step === null) {
    await recordAudit(db, {
      action: 'two_step.failed',
      actorId: user.id,
      targetId: user.id,
      ip,
      details: { reason: 'wrong_code', during: 'enrolment' },
    });
    return { ok: false, code: 'wrong' };
  }
  const codes = newRecoveryCodes();
  const enabled = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        twoStepSecret: seal({ secret }, 'two-step-secret'),
        twoStepEnabledAt: sql`now()`,
        twoStepLastStep: step,
        updatedAt: sql`now()`,
      })
      .where(and(eq(users.id, user.id), isNull(users.twoStepEnabledAt)))
      .returning({ id: users.id, enabledAt: users.twoStepEnabledAt, email: users.email });
    if (!row) return false;
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx
      .insert(recoveryCodes)
      .values(codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(normaliseRecoveryCode(c)!) })));
    await recordAudit(tx, { action: 'two_step.enabled', actorId: user.id, targetId: user.id, ip });
    await queueEmail(tx, {
      to: row.email,
      userId: user.id,
      message: {
        template: 'two-step-enabled',
        props: {
          ...commonEmailProps(person.name, person.locale),
          enabledAt: (row.enabledAt ?? new Date()).toISOString(),
        },
      },
    });
    return true;
  });
  if (!enabled) return { ok: false, code: 'already_on' };
  await signInSucceeded(codeThrottleKey(user.id), ip);
  return { ok: true, recoveryCodes: codes };
}

export type SecondFactorResult =
  | { ok: true; via: 'code' }
  | { ok: true; via: 'recovery_code'; recoveryCodesLeft: number }
  | { ok: false; code: 'wrong' }
  | Throttled;

/**
 * Checks a code from the authenticator app, or a recovery code, for this person. A code is
 * accepted once: the UPDATE that records its time step only succeeds while the last
 * accepted step is earlier, so of two requests with the same code exactly one wins (and a
 * code older than one already used is refused too). A recovery code is spent by one
 * conditional UPDATE in the same way.
 */
export async function checkSecondFactor(input: {
  userId: string;
  answer: string;
  /** Where it was asked, for the audit trail: 'sign_in' or 'second_look'. */
  during: string;
  ip?: string | null;
}): Promise<SecondFactorResult> {
  const { userId, during } = input;
  const ip = input.ip ?? null;
  const throttled = await reserveCodeAttempt(userId, ip, during);
  if (throttled) return throttled;
  const db = await getDb();
  const [user] = await db
    .select({ secret: users.twoStepSecret })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.twoStepEnabledAt)));

  let result: SecondFactorResult = { ok: false, code: 'wrong' };
  let reason = 'wrong_code';
  if (user?.secret && looksLikeTotpCode(input.answer)) {
    const step = matchingStep(
      unseal<{ secret: string }>(user.secret, 'two-step-secret').secret,
      input.answer,
    );
    if (step !== null) {
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
      if (won) result = { ok: true, via: 'code' };
      else reason = 'code_already_used';
    }
  } else if (user) {
    const normalised = normaliseRecoveryCode(input.answer);
    if (normalised) {
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
      if (spent)
        result = { ok: true, via: 'recovery_code', recoveryCodesLeft: await recoveryCodesLeft(userId) };
      else reason = 'wrong_recovery_code';
    }
  }

  if (!result.ok) {
    await recordAudit(db, {
      action: 'two_step.failed',
      actorId: userId,
      targetId: userId,
      ip,
      details: { reason, during },
    });
    return result;
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

export async function recoveryCodesLeft(userId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

/** Whether this person has two-step verification on, and how many recovery codes are left. */
export async function twoStepStatus(userId: string): Promise<{ on: boolean; recoveryCodesLeft: number }> {
  const db = await getDb();
  const [user] = await db.select({ at: users.twoStepEnabledAt }).from(users).where(eq(users.id, userId));
  return { on: Boolean(user?.at), recoveryCodesLeft: user?.at ? await recoveryCodesLeft(userId) : 0 };
}

/**
 * Finishes a sign-in that owed a code: checks it, then marks this session complete (and
 * just re-authenticated). The session must still be the pending one of this person.
 */
export async function completeSignIn(input: {
  sessionId: string;
  userId: string;
  answer: string;
  ip?: string | null;
}): Promise<SecondFactorResult> {
  const result = await checkSecondFactor({
    userId: input.userId,
    answer: input.answer,
    during: 'sign_in',
    ip: input.ip,
  });
  if (!result.ok) return result;
  const db = await getDb();
  await db
    .update(sessions)
    .set({ twoStepPending: false, reauthenticatedAt: sql`now()` })
    .where(
      and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId), isNull(sessions.endedAt)),
    );
  return result;
}

/** Recovery codes may be downloaded for this long after enrolment, by the same person. */
const DOWNLOAD_MINUTES = 15;

/**
 * The recovery codes sealed for the download form (so the download needs no stored copy
 * and works without JavaScript: a plain POST of this value returns the text file).
 */
export function sealCodesForDownload(userId: string, codes: string[]): string {
  return seal({ userId, codes, issuedAt: Date.now() }, 'recovery-codes-download');
}

/** The codes from a download form, if sealed for this person in the last 15 minutes. */
export function openCodesForDownload(sealed: string, userId: string): string[] | null {
  try {
    const v = unseal<{ userId: string; codes: string[]; issuedAt: number }>(
      sealed,
      'recovery-codes-download',
    );
    if (v.userId !== userId || Date.now() - v.issuedAt > DOWNLOAD_MINUTES * 60_000) return null;
    return v.codes;
  } catch {
    return null;
  }
}
