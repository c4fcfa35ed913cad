import 'server-only';
import { randomBytes } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users, type Role } from '@/lib/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { recordAudit } from '@/lib/audit/record';

export interface DemoAccount {
  email: string;
  role: Role;
  password: string;
}

const DEMO: { email: string; name: string; role: Role }[] = [
  { email: 'manager@demo.gatehouse.test', name: 'Demo Manager', role: 'application_manager' },
  { email: 'client@demo.gatehouse.test', name: 'Demo Client', role: 'client' },
];

/**
 * On an empty embedded database, makes one application manager and one client with
 * random passwords, so a newcomer can sign in at once. Returns the passwords to print
 * once; they are stored only as argon2id hashes. Does nothing if any account exists.
 */
export async function seedDemoAccounts(): Promise<DemoAccount[]> {
  const db = await getDb();
  const [{ n }] = (await db.select({ n: count() }).from(users)) as [{ n: number }];
  if (n > 0) return [];
  const made: DemoAccount[] = [];
  for (const demo of DEMO) {
    const password = randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ ...demo, status: 'active', passwordHash, passwordChangedAt: sql`now()` })
        .returning({ id: users.id });
      await recordAudit(tx, {
        action: 'account.created',
        targetId: row!.id,
        details: { email: demo.email, role: demo.role, demo: true },
      });
    });
    made.push({ email: demo.email, role: demo.role, password });
  }
  return made;
}
