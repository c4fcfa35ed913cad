/**
 * Password hashing with argon2id. Parameters live in the stored PHC string, so raising
 * them in the environment takes effect for each person at their next sign-in (rehash).
 *
 * The work runs on a pool of worker threads sized to the cores (piscina, argon2-worker.mjs),
 * not on libuv's shared pool of 4: there it would queue in front of the webcrypto work of
 * every session cookie (jose) and the file reads of every request, and on a 2-core machine
 * four 19 MiB hashes at once only crowd out the thread that serves requests.
 */
import 'server-only';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
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

const globalForPool = globalThis as unknown as { __gatehouseArgon2Pool?: Piscina };

/** One pool per process (Next's bundles and the edge server share it), sized to the cores. */
function argon2Pool(): Piscina {
  const threads = Math.max(1, os.availableParallelism());
  globalForPool.__gatehouseArgon2Pool ??= new Piscina({
    // A file of the checkout, not of the bundle: the app and every tool run from its root.
    filename: path.join(process.cwd(), 'lib', 'auth', 'argon2-worker.mjs'),
    minThreads: threads,
    maxThreads: threads,
    // Threads that wait keep no process alive (a command-line tool exits when done).
    idleTimeout: 30_000,
    // Less work on the calling thread per task: no timing histograms, and workers that wait
    // for messages instead of spinning on shared memory (measured with bench:sign-in's profile).
    recordTiming: false,
    atomics: 'disabled',
  });
  return globalForPool.__gatehouseArgon2Pool;
}

export function hashPassword(password: string): Promise<string> {
  return argon2Pool().run({ password, options: hashOptions() }, { name: 'hash' });
}

let verifications = 0;

/** How many argon2 verifications this process has run: tests prove throttles by it. */
export function passwordVerificationCount(): number {
  return verifications;
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  verifications++;
  return argon2Pool().run({ phc: storedHash, password }, { name: 'verify' });
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
