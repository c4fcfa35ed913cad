/** The registered applications, by name, for the console and the command line (never a secret or its hash). */
import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcClients } from '@/lib/db/schema';
import type { Actor } from '@/lib/accounts/actor';
import { canManageClients } from './permissions';

export interface ClientSummary {
  clientId: string;
  name: string;
  public: boolean;
  firstParty: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  createdAt: Date;
  secretRotatedAt: Date | null;
}

const columns = {
  clientId: oidcClients.clientId,
  name: oidcClients.name,
  public: sql<boolean>`${oidcClients.secretHash} is null`,
  firstParty: oidcClients.firstParty,
  redirectUris: oidcClients.redirectUris,
  postLogoutRedirectUris: oidcClients.postLogoutRedirectUris,
  backchannelLogoutUri: oidcClients.backchannelLogoutUri,
  createdAt: oidcClients.createdAt,
  secretRotatedAt: oidcClients.secretRotatedAt,
};

export async function listClients(actor: Actor): Promise<ClientSummary[] | null> {
  if (!canManageClients(actor)) return null;
  const db = await getDb();
  return db
    .select(columns)
    .from(oidcClients)
    .orderBy(asc(sql`lower(${oidcClients.name})`));
}

/** One application, or null (unknown, or not the actor's to see). */
export async function findClient(actor: Actor, clientId: string): Promise<ClientSummary | null> {
  if (!canManageClients(actor) || clientId.length > 100) return null;
  const db = await getDb();
  const [row] = await db.select(columns).from(oidcClients).where(eq(oidcClients.clientId, clientId));
  return row ?? null;
}
