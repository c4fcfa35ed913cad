/**
 * A registered application as oidc-provider reads it (its client metadata), from
 * oidc_clients. Everything not stored is the same for every application: the authorization
 * code flow with PKCE, refresh tokens, ID tokens signed with RS256, back-channel logout with
 * the session id.
 *
 * A confidential client's `client_secret` here is the sha256 of its secret, never the secret
 * (which is not stored): the provider compares what a client presents through
 * `compareClientSecret` (provider.ts), which hashes it first. That rules out the features that
 * would use the secret itself as a key (HS256 signatures, client_secret_jwt), none of which
 * is enabled.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import type { ClientMetadata } from 'oidc-provider';
import { getDb } from '@/lib/db/client';
import { oidcClients, type OidcClient } from '@/lib/db/schema';

export function metadataOf(client: OidcClient): ClientMetadata {
  return {
    client_id: client.clientId,
    client_name: client.name,
    ...(client.secretHash
      ? { client_secret: client.secretHash, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
    application_type: 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    ...(client.backchannelLogoutUri
      ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {}),
    id_token_signed_response_alg: 'RS256',
    first_party: client.firstParty,
  };
}

/** The metadata of a registered client, or undefined (unknown client). */
export async function clientMetadata(clientId: string): Promise<ClientMetadata | undefined> {
  if (clientId.length > 100) return undefined;
  const db = await getDb();
  const [client] = await db.select().from(oidcClients).where(eq(oidcClients.clientId, clientId));
  return client ? metadataOf(client) : undefined;
}
