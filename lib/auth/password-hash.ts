/**
 * Password hashing with argon2id. Parameters live in the stored PHC string, so raising
 * them in the environment takes effect for each person at their next sign-in (rehash).
 *
 * The work runs on libuv's thread pool (@node-rs/argon2's async calls), at most
 * `argon2Concurrency()` at a time for the whole process, always leaving two of the pool's
 * threads free: the webcrypto work of every sign-in and session cookie (next-auth, jose) and
 * file reads share that pool and must never queue behind 19 MiB hashes. On a 2-core machine
 * that is two at a time, one per core, which is all the cores can do anyway. `npm start`
 * sizes the pool (UV_THREADPOOL_SIZE, package.json) so the cores are the limit, not the pool.
 * (A pool of worker threads, piscina, did the same isolation, but handing each hash to a
 * worker and back cost the serving thread ~0.9 ms per sign-in: bench:sign-in.)
 */
import 'server-only';
import os from 'node:os';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import pLimit, { type LimitFunction } from 'p-limit';
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

/** libuv's default pool size, when UV_THREADPOOL_SIZE does not say. */
const DEFAULT_POOL_THREADS = 4;
/** Pool threads argon2 never takes: webcrypto and file reads always find one free. */
const THREADS_KEPT_FREE = 2;

/** Hashes at once: one per core, within what the thread pool can give without filling it. */
export function argon2Concurrency(
  cores = os.availableParallelism(),
  poolThreads = Number(process.env.UV_THREADPOOL_SIZE) || DEFAULT_POOL_THREADS,
): number {
  return Math.max(1, Math.min(cores, poolThreads - THREADS_KEPT_FREE));
}

const globalForLimit = globalThis as unknown as { __gatehouseArgon2Limit?: LimitFunction };

/** One limit per process: Next's bundles and the edge server each load this module. */
function argon2Limit(): LimitFunction {
  globalForLimit.__gatehouseArgon2Limit ??= pLimit(argon2Concurrency());
  return globalForLimit.__gatehouseArgon2Limit;
}

export function hashPassword(password: string): Promise<string> {
  return argon2Limit()(() => argon2Hash(password, hashOptions()));
}

let verifications = 0;

/** How many argon2 verifications this process has run: tests prove throttles by it. */
export function passwordVerificationCount(): number {
  return verifications;
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  verifications++;
  // A malformed stored hash never lets anyone in.
  return argon2Limit()(() => argon2Verify(storedHash, password).catch(() => false));
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
