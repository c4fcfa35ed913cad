/**
 * Changes an application's registration: its name, redirect URIs, post-logout redirect URIs,
 * back-channel logout URI and whether it is first party. Takes effect at the application's
 * next request (the provider reads the registration each time). Audited with what changed.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcClients } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { actorId, actorVia, type Actor } from '@/lib/accounts/actor';
import { clientChanges, type ClientChanges } from './client-input';
import { canManageClients } from './permissions';
import { fieldErrorsOf, isUniqueViolation, type ClientFailure } from './result';

export type UpdateClientResult = { ok: true } | ClientFailure;

export async function updateClient(input: {
  clientId: string;
  changes: ClientChanges;
  actor: Actor;
}): Promise<UpdateClientResult> {
  if (!canManageClients(input.actor)) return { ok: false, code: 'forbidden' };
  const parsed = clientChanges.safeParse(input.changes);
  if (!parsed.success) return { ok: false, code: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const next = parsed.data;
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(oidcClients)
        .where(eq(oidcClients.clientId, input.clientId))
        .for('update');
      if (!before) return { ok: false, code: 'not_found' } as const;
      await tx
        .update(oidcClients)
        .set({
          name: next.name,
          redirectUris: next.redirectUris,
          postLogoutRedirectUris: next.postLogoutRedirectUris,
          backchannelLogoutUri: next.backchannelLogoutUri ?? null,
          firstParty: next.firstParty,
          updatedAt: sql`now()`,
        })
        .where(eq(oidcClients.clientId, input.clientId));
      await recordAudit(tx, {
        action: 'oidc.client_updated',
        actorId: actorId(input.actor),
        details: {
          clientId: input.clientId,
          name: next.name,
          before: {
            name: before.name,
            redirectUris: before.redirectUris,
            postLogoutRedirectUris: before.postLogoutRedirectUris,
            backchannelLogoutUri: before.backchannelLogoutUri,
            firstParty: before.firstParty,
          },
          after: {
            redirectUris: next.redirectUris,
            postLogoutRedirectUris: next.postLogoutRedirectUris,
            backchannelLogoutUri: next.backchannelLogoutUri ?? null,
            firstParty: next.firstParty,
          },
          via: actorVia(input.actor),
        },
      });
      return { ok: true } as const;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, code: 'name_taken' };
    throw err;
  }
}
