/**
 * The secret that encrypts session cookies. From AUTH_SECRET when set; for the embedded
 * quick start it is generated once and kept in DATA_DIR/auth-secret (mode 600), so
 * sessions survive a restart without anyone having to invent a secret.
 */
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { env } from '@/lib/env';

let cached: string | undefined;

export function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (cached) return cached;
  const dir = path.resolve(env.DATA_DIR);
  const file = path.join(dir, 'auth-secret');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  cached = fs.readFileSync(file, 'utf8').trim();
  return cached;
}
