import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oneTimeTokens, users, type Role } from '@/lib/db/schema';
import { createAccount } from '@/lib/accounts/create-account';
import { activateAccountWithLink } from '@/lib/accounts/activate-account';
import { OPERATOR } from '@/lib/accounts/actor';

import { GOOD_PASSWORD } from './passwords';

export { GOOD_PASSWORD };

export function uniqueEmail(prefix = 'person'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}@example.org`;
}

export function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token')!;
}

export async function invited(role: Role = 'client', extra: { counselorEmail?: string } = {}) {
  const email = uniqueEmail(role);
  const result = await createAccount({ email, name: `Test ${role}`, role, ...extra, actor: OPERATOR });
  if (!result.ok) throw new Error(`createAccount failed: ${result.code}`);
  return { email, userId: result.userId, token: tokenOf(result.welcomeUrl) };
}

export async function active(role: Role = 'client', password = GOOD_PASSWORD) {
  const account = await invited(role);
  const result = await activateAccountWithLink({ token: account.token, password });
  if (!result.ok) throw new Error(`activate failed: ${JSON.stringify(result)}`);
  return { ...account, password };
}

export async function userRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row!;
}

/** Moves a link's expiry into the past, as if days had gone by. */
export async function expireLinksOf(userId: string) {
  const db = await getDb();
  await db
    .update(oneTimeTokens)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(eq(oneTimeTokens.userId, userId));
}
