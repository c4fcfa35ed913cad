/** What the row checks need from the database: existing addresses, counselors, the actor's own address. */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { users } from '@/lib/db/schema';
import { normaliseEmail } from '@/lib/validation/fields';
import type { Actor } from '../actor';
import { canManageAccount, importableRoles } from '../permissions';
import type { BatchRow, CheckContext } from './check-rows';

/** Addresses per query: well below PostgreSQL's limit on parameters. */
const PER_QUERY = 5000;

export async function loadCheckContext(
  db: Db,
  actor: Actor,
  rows: readonly BatchRow[],
): Promise<CheckContext & { counselorIds: Map<string, string> }> {
  const emails = [...new Set(rows.map((r) => normaliseEmail(r.email)).filter(Boolean))];
  const counselorEmails = [...new Set(rows.map((r) => normaliseEmail(r.counselorEmail)).filter(Boolean))];
  // 1. Addresses that already have an account, and whether this person may see each.
  const existing = new Map<string, { visible: boolean }>();
  for (let i = 0; i < emails.length; i += PER_QUERY) {
    const found = await db
      .select({ email: users.email, role: users.role, counselorId: users.counselorId, id: users.id })
      .from(users)
      .where(inArray(users.email, emails.slice(i, i + PER_QUERY)));
    for (const u of found) existing.set(u.email, { visible: canManageAccount(actor, u) });
  }
  // 2. The counselors the rows name.
  const counselorIds = new Map<string, string>();
  if (counselorEmails.length > 0) {
    const found = await db
      .select({ email: users.email, id: users.id })
      .from(users)
      .where(and(inArray(users.email, counselorEmails), eq(users.role, 'counselor')));
    for (const c of found) counselorIds.set(c.email, c.id);
  }
  // 3. A counselor importing: their clients are their own.
  let counselorSelf: string | undefined;
  if (actor.kind === 'user' && actor.role === 'counselor') {
    const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, actor.id));
    counselorSelf = me?.email;
    if (counselorSelf) counselorIds.set(counselorSelf, actor.id);
  }
  return {
    allowedRoles: importableRoles(actor),
    counselors: new Set(counselorIds.keys()),
    existing,
    counselorSelf,
    counselorIds,
  };
}
