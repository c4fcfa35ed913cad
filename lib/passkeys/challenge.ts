/**
 * WebAuthn challenges, their whole life: issued, opened and spent.
 *
 * A challenge is sealed (AES-GCM, its own key from AUTH_SECRET, lib/security/sealed.ts):
 * what it is for, whose it is and for which session, and when it expires travel inside it.
 * So issuing one writes nothing (the sign-in page asks for one on every visit, for the
 * autofill) and any instance can open one another instance issued. It lives 5 minutes.
 *
 * It works once: spending it is one INSERT of its sha256 that succeeds only the first time
 * (primary key, ON CONFLICT DO NOTHING), in the same transaction as what it unlocks. Two
 * requests with the same challenge, on one instance or two, at once or one after the
 * other: exactly one gets a row back. A spent challenge's row is kept until the challenge
 * would have expired anyway, then pruned (lib/db/prune.ts): an expired one is refused
 * unread.
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { passkeyChallenges } from '@/lib/db/schema';
import { rowsOf } from '@/lib/db/rows';
import type { Db } from '@/lib/db/types';
import { seal, unseal } from '@/lib/security/sealed';

/** How long a challenge may be answered (the issue: within 5 minutes). */
export const CHALLENGE_SECONDS = 300;

/**
 * sign_in: anyone at the sign-in page (no person yet); register: adding a passkey to the
 * signed-in person; second_step: the second step of a sign-in that began with a password;
 * reauthenticate: a signed-in person proving it is still them (the console's second look,
 * removing a passkey).
 */
export type ChallengePurpose = 'sign_in' | 'register' | 'second_step' | 'reauthenticate';

/** Whose challenge it is: the person and the session that asked for it (none at sign-in). */
export interface ChallengeBinding {
  userId?: string;
  sessionId?: string;
}

interface SealedChallenge {
  p: ChallengePurpose;
  u: string | null;
  s: string | null;
  /** Expiry, ms since the epoch. */
  e: number;
  /** 128 random bits: no two challenges are alike, even for one person in one millisecond. */
  n: string;
}

/** A new challenge, as the string handed to @simplewebauthn/server's options (it becomes the bytes signed). */
export function issueChallenge(purpose: ChallengePurpose, binding: ChallengeBinding = {}): string {
  const body: SealedChallenge = {
    p: purpose,
    u: binding.userId ?? null,
    s: binding.sessionId ?? null,
    e: Date.now() + CHALLENGE_SECONDS * 1000,
    n: randomBytes(16).toString('base64url'),
  };
  return seal(body, 'passkey-challenge');
}

export type OpenedChallenge =
  | {
      ok: true;
      /** The challenge exactly as the browser signed it (base64url), for the library's comparison. */
      signed: string;
      expiresAt: Date;
    }
  | { ok: false; reason: 'expired' | 'invalid' };

/**
 * The challenge inside a response's clientDataJSON, if it is one of ours, for this purpose
 * and this person and session, and not expired. Reads nothing from the database.
 */
export function openChallenge(
  clientDataJSON: string,
  purpose: ChallengePurpose,
  binding: ChallengeBinding = {},
): OpenedChallenge {
  let signed: unknown;
  try {
    signed = (
      JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }
    ).challenge;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof signed !== 'string' || signed.length > 1024) return { ok: false, reason: 'invalid' };
  let body: SealedChallenge;
  try {
    body = unseal<SealedChallenge>(Buffer.from(signed, 'base64url').toString('utf8'), 'passkey-challenge');
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (body.p !== purpose || body.u !== (binding.userId ?? null) || body.s !== (binding.sessionId ?? null))
    return { ok: false, reason: 'invalid' };
  if (!(body.e > Date.now())) return { ok: false, reason: 'expired' };
  return { ok: true, signed, expiresAt: new Date(body.e) };
}

/**
 * Spends an opened challenge: true the first time, false ever after (on any instance).
 * Call it inside the transaction of what the challenge unlocks, so a refusal later in that
 * transaction gives the challenge back with everything else.
 */
export async function spendChallenge(tx: Db, opened: { signed: string; expiresAt: Date }): Promise<boolean> {
  const hash = createHash('sha256').update(opened.signed, 'utf8').digest('hex');
  const rows = rowsOf(
    await tx.execute(sql`insert into ${passkeyChallenges} ("challenge_hash", "expires_at")
      values (${hash}, ${opened.expiresAt.toISOString()}::timestamptz)
      on conflict ("challenge_hash") do nothing
      returning 1 as spent`),
  );
  return rows.length === 1;
}
