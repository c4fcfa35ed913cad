/**
 * Password hashing with argon2id. Parameters live in the stored PHC string, so raising
 * them in the environment takes effect for each person at their next sign-in (rehash).
 */
import 'server-only';
import { hash, verify } from '@node-rs/argon2';
import { env } from '@/lib/env';

const ARGON2ID = 2; // Algorithm.Argon2id; const enums do not survive isolated modules

export function hashOptions() {
  return {
    algorithm: ARGON2ID,
    memoryCost: env.ARGON2_MEMORY_KIB,
    timeCost: env.ARGON2_TIME_COST,
    parallelism: env.ARGON2_PARALLELISM,
  } as const;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, hashOptions());
}

let verifications = 0;

/** How many argon2 verifications this process has run: tests prove throttles by it. */
export function passwordVerificationCount(): number {
  return verifications;
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  verifications++;
  try {
    return await verify(storedHash, password);
  } catch {
    return false; // a malformed stored hash never lets anyone in
  }
}

/** Parameters of a PHC string like $argon2id$v=19$m=19456,t=2,p=1$salt$hash. */
export function parseHashParameters(
  phc: string,
): { algorithm: string; m: number; t: number; p: number } | null {
  const match = /^\$(argon2(?:id|i|d))\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
  if (!match) return null;
  return { algorithm: match[1]!, m: Number(match[2]), t: Number(match[3]), p: Number(match[4]) };
}

/** True when the stored hash is weaker than what is configured now. */
export function needsRehash(phc: string): boolean {
  const params = parseHashParameters(phc);
  if (!params || params.algorithm !== 'argon2id') return true;
  const want = hashOptions();
  return params.m < want.memoryCost || params.t < want.timeCost || params.p < want.parallelism;
}

/**
 * A hash of a random password made once per process. Unknown emails are verified against
 * it so that "no such account" takes as long as "wrong password".
 */
let dummyHash: Promise<string> | undefined;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
