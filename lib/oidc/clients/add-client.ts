/**
 * Registers an application: checks who asks and what they give, makes its id (and, unless it
 * is a public client, its secret), stores the secret's hash only, and records it in the
 * audit log. The secret is returned once, here, and never again.
 */
import 'server-only';
import { getDb } from '@/lib/db/client';
import { oidcClients } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { actorId, actorVia, type Actor } from '@/lib/accounts/actor';
import { clientInput, type ClientInput } from './client-input';
import { canManageClients } from './permissions';
import { fieldErrorsOf, isUniqueViolation, type ClientFailure } from './result';
import { newClientId, newClientSecret } from './secrets';

export type AddClientResult = { ok: true; clientId: string; clientSecret: string | null } | ClientFailure;

export async function addClient(input: { client: ClientInput; actor: Actor }): Promise<AddClientResult> {
  if (!canManageClients(input.actor)) return { ok: false, code: 'forbidden' };
  const parsed = clientInput.safeParse(input.client);
  if (!parsed.success) return { ok: false, code: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const client = parsed.data;
  const clientId = newClientId();
  const secret = client.public ? null : newClientSecret();
  const db = await getDb();
  try {
    await db.transaction(async (tx) => {
      await tx.insert(oidcClients).values({
        clientId,
        name: client.name,
        secretHash: secret?.hash ?? null,
        redirectUris: client.redirectUris,
        postLogoutRedirectUris: client.postLogoutRedirectUris,
        backchannelLogoutUri: client.backchannelLogoutUri ?? null,
        firstParty: client.firstParty,
        createdById: actorId(input.actor),
      });
      await recordAudit(tx, {
        action: 'oidc.client_created',
        actorId: actorId(input.actor),
        details: {
          clientId,
          name: client.name,
          public: client.public,
          firstParty: client.firstParty,
          redirectUris: client.redirectUris,
          via: actorVia(input.actor),
        },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, code: 'name_taken' };
    throw err;
  }
  return { ok: true, clientId, clientSecret: secret?.secret ?? null };
}
