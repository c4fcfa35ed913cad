/** Renames one of the signed-in person's own passkeys (names are theirs to choose; audited). */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { passkeys } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';

export async function renamePasskey(input: {
  userId: string;
  passkeyId: string;
  /** Already checked by the form's schema (trimmed, 1 to PASSKEY_NAME_MAX characters). */
  name: string;
  ip?: string | null;
}): Promise<{ ok: true } | { ok: false; code: 'not_found' }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // The old name, read in the statement that changes it (the audit line says both).
    const [row] = await tx
      .update(passkeys)
      .set({ name: input.name })
      .where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.userId, input.userId)))
      .returning({ before: sql<string>`(select p.name from ${passkeys} p where p.id = ${input.passkeyId})` });
    if (!row) return { ok: false, code: 'not_found' } as const;
    await recordAudit(tx, {
      action: 'passkey.renamed',
      actorId: input.userId,
      targetId: input.userId,
      ip: input.ip,
      details: { passkeyId: input.passkeyId, before: row.before, after: input.name },
    });
    return { ok: true } as const;
  });
}
