/** A person's passkeys, oldest first, as /account and the console's account page show them. */
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { passkeys } from '@/lib/db/schema';

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Kept by a password manager that copies it to the person's other devices (multi-device). */
  synced: boolean;
  /** The credential id, for the browser's list of passkeys this site still accepts. */
  credentialId: string;
}

export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: passkeys.id,
      name: passkeys.name,
      createdAt: passkeys.createdAt,
      lastUsedAt: passkeys.lastUsedAt,
      deviceType: passkeys.deviceType,
      credentialId: passkeys.credentialId,
    })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
  return rows.map(({ deviceType, ...row }) => ({ ...row, synced: deviceType === 'multiDevice' }));
}
