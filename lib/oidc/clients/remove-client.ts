/**
 * Removes an application: its registration goes, and with it everything it was given (grants,
 * codes, access and refresh tokens) and its queued back-channel logouts. From the next request
 * it is an unknown client. The audit log keeps that it existed.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcClients, oidcPayloads } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { actorId, actorVia, type Actor } from '@/lib/accounts/actor';
import { canManageClients } from './permissions';
import type { ClientFailure } from './result';

export type RemoveClientResult = { ok: true; name: string } | ClientFailure;

export async function removeClient(input: { clientId: string; actor: Actor }): Promise<RemoveClientResult> {
  if (!canManageClients(input.actor)) return { ok: false, code: 'forbidden' };
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(oidcClients)
      .where(eq(oidcClients.clientId, input.clientId))
      .returning({ name: oidcClients.name });
    if (!removed) return { ok: false, code: 'not_found' } as const;
    await tx.delete(oidcPayloads).where(sql`${oidcPayloads.payload}->>'clientId' = ${input.clientId}`);
    await recordAudit(tx, {
      action: 'oidc.client_removed',
      actorId: actorId(input.actor),
      details: { clientId: input.clientId, name: removed.name, via: actorVia(input.actor) },
    });
    return { ok: true, name: removed.name } as const;
  });
}
