/**
 * Who can change a person's email address, for /account to say so plainly (the seed's "my
 * email address changed" call): a client's address is the helpdesk's to correct (their
 * counselor is who they know, so they are named as the way in); a staff address only an
 * application manager's (permissions.ts, canChangeEmail: an address is a way into the account).
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { users, type Role } from '@/lib/db/schema';

export interface EmailKeepers {
  by: 'helpdesk' | 'application_manager';
  counselor: { name: string; email: string } | null;
}

export async function whoChangesEmail(user: { id: string; role: Role }): Promise<EmailKeepers> {
  if (user.role !== 'client') return { by: 'application_manager', counselor: null };
  const db = await getDb();
  const [row] = await db.select({ counselorId: users.counselorId }).from(users).where(eq(users.id, user.id));
  if (!row?.counselorId) return { by: 'helpdesk', counselor: null };
  const [counselor] = await db
    .select({ name: users.name, email: users.email, status: users.status })
    .from(users)
    .where(eq(users.id, row.counselorId));
  return {
    by: 'helpdesk',
    counselor: counselor?.status === 'active' ? { name: counselor.name, email: counselor.email } : null,
  };
}
