/**
 * Gives a confidential application a new secret, returned once; the old one stops working at
 * once (the provider reads the registration at every request). Tokens already issued keep
 * working: the secret authenticates the application, it does not sign anything.
 */
import 'server-only';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcClients } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { actorId, actorVia, type Actor } from '@/lib/accounts/actor';
import { canManageClients } from './permissions';
import type { ClientFailure } from './result';
import { newClientSecret } from './secrets';

export type RotateSecretResult =
  { ok: true; clientSecret: string } | ClientFailure | { ok: false; code: 'public_client' };

export async function rotateClientSecret(input: {
  clientId: string;
  actor: Actor;
}): Promise<RotateSecretResult> {
  if (!canManageClients(input.actor)) return { ok: false, code: 'forbidden' };
  const secret = newClientSecret();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [rotated] = await tx
      .update(oidcClients)
      .set({ secretHash: secret.hash, secretRotatedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(oidcClients.clientId, input.clientId), isNotNull(oidcClients.secretHash)))
      .returning({ name: oidcClients.name });
    if (!rotated) {
      const [exists] = await tx
        .select({ id: oidcClients.clientId })
        .from(oidcClients)
        .where(eq(oidcClients.clientId, input.clientId));
      return exists
        ? ({ ok: false, code: 'public_client' } as const)
        : ({ ok: false, code: 'not_found' } as const);
    }
    await recordAudit(tx, {
      action: 'oidc.client_secret_rotated',
      actorId: actorId(input.actor),
      details: { clientId: input.clientId, name: rotated.name, via: actorVia(input.actor) },
    });
    return { ok: true, clientSecret: secret.secret } as const;
  });
}
