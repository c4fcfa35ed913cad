/**
 * oidc-provider's storage, in PostgreSQL (or the embedded PGlite) through drizzle, so every
 * instance sees the same sessions, interactions, codes, grants and tokens. One table for all
 * models (oidc_payloads, like Logto's adapter), plus the registered clients from
 * oidc_clients.
 *
 * Three rules the provider's in-memory adapter does not need to keep, and this one does:
 * - **Single use in one statement.** `consume` is a conditional UPDATE. When two requests
 *   redeem the same authorization code or rotate the same refresh token at once, both pass
 *   the provider's "already consumed?" check, but only one UPDATE succeeds; the other is
 *   answered invalid_grant and the grant is revoked, exactly as a replay after the fact is.
 * - **One session.** A provider session of a signed-in person is stamped with the Gatehouse
 *   session of the browser that made it (browser-session.ts), and is found only while that
 *   Gatehouse session is still valid (not signed out, not expired, the person active, their
 *   sessions not ended). Tokens bound to the provider session (all of ours) die with it.
 * - **Expiry in SQL.** Rows past expires_at are never returned; the worker prunes them.
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { getDb } from '@/lib/db/client';
import { oidcPayloads, oidcSubjects } from '@/lib/db/schema';
import type { Db } from '@/lib/db/types';
import { validateSession } from '@/lib/sessions/validate-session';
import { browserSession } from './browser-session';
import { clientMetadata } from './client-metadata';

/** Models whose rows belong to a grant and go when it is revoked. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

const epoch = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : undefined);

/** Deletes a grant and everything issued under it (the provider's revoke, in two statements). */
export async function revokeGrant(db: Db, grantId: string): Promise<void> {
  await db.delete(oidcPayloads).where(eq(oidcPayloads.grantId, grantId));
  await db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, 'Grant'), eq(oidcPayloads.id, grantId)));
}

/**
 * The Gatehouse session a provider session row should name: the browser's own, when it is
 * complete and belongs to the same person. Null otherwise (such a row is then never found).
 */
async function gatehouseSessionFor(accountId: string | undefined, db: Db): Promise<string | null> {
  if (!accountId) return null;
  const session = await browserSession();
  if (!session || session.stage !== 'complete') return null;
  const [owner] = await db
    .select({ subject: oidcSubjects.subject })
    .from(oidcSubjects)
    .where(eq(oidcSubjects.userId, session.userId));
  return owner?.subject === accountId ? session.sessionId : null;
}

class DrizzleAdapter implements Adapter {
  constructor(private readonly model: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const db = await getDb();
    const gatehouseSessionId =
      this.model === 'Session' ? await gatehouseSessionFor(payload.accountId, db) : null;
    const row = {
      model: this.model,
      id,
      payload: payload as Record<string, unknown>,
      grantId: payload.grantId ?? null,
      uid: payload.uid ?? null,
      accountId: payload.accountId ?? null,
      gatehouseSessionId,
      expiresAt: expiresIn ? sql`now() + make_interval(secs => ${expiresIn})` : null,
    };
    await db
      .insert(oidcPayloads)
      .values(row)
      .onConflictDoUpdate({
        target: [oidcPayloads.model, oidcPayloads.id],
        set: {
          payload: sql`excluded.payload`,
          grantId: sql`excluded.grant_id`,
          uid: sql`excluded.uid`,
          accountId: sql`excluded.account_id`,
          expiresAt: sql`excluded.expires_at`,
          // A session saved again in another request of the same person keeps its Gatehouse
          // session; a row that changes hands never keeps the previous person's.
          gatehouseSessionId: sql`case when excluded.gatehouse_session_id is not null then excluded.gatehouse_session_id
            when ${oidcPayloads.accountId} is not distinct from excluded.account_id then ${oidcPayloads.gatehouseSessionId}
            else null end`,
        },
      });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') return clientMetadata(id);
    return this.findWhere(eq(oidcPayloads.id, id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere(eq(oidcPayloads.uid, uid));
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined; // the device flow is off
  }

  private async findWhere(condition: ReturnType<typeof eq>): Promise<AdapterPayload | undefined> {
    const db = await getDb();
    const [row] = await db
      .select({
        payload: oidcPayloads.payload,
        accountId: oidcPayloads.accountId,
        gatehouseSessionId: oidcPayloads.gatehouseSessionId,
        consumedAt: oidcPayloads.consumedAt,
      })
      .from(oidcPayloads)
      .where(
        and(
          eq(oidcPayloads.model, this.model),
          condition,
          sql`(${oidcPayloads.expiresAt} is null or ${oidcPayloads.expiresAt} > now())`,
        ),
      )
      .limit(1);
    if (!row) return undefined;
    if (this.model === 'Session' && row.accountId) {
      // One session: the provider session lasts only as long as its Gatehouse session. Using
      // it (an app refreshing its tokens, or asking userinfo) counts as activity, as a page
      // view does, so a person busy in an application is not signed out for being idle here.
      const session = row.gatehouseSessionId ? await validateSession(row.gatehouseSessionId) : null;
      if (!session || session.stage !== 'complete') return undefined;
    }
    const consumed = epoch(row.consumedAt);
    return consumed ? { ...row.payload, consumed } : row.payload;
  }

  async consume(id: string): Promise<void> {
    const db = await getDb();
    const [won] = await db
      .update(oidcPayloads)
      .set({ consumedAt: sql`now()` })
      .where(
        and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id), isNull(oidcPayloads.consumedAt)),
      )
      .returning({ grantId: oidcPayloads.grantId });
    if (won) return;
    // Another request consumed it between the provider's check and this statement: a replay
    // racing the first use. Both lose, as a replay after the fact makes them.
    const [row] = await db
      .select({ grantId: oidcPayloads.grantId })
      .from(oidcPayloads)
      .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
    if (row?.grantId) await revokeGrant(db, row.grantId);
    throw new errors.InvalidGrant(
      `${this.model === 'RefreshToken' ? 'refresh token' : 'grant'} already used`,
    );
  }

  async destroy(id: string): Promise<void> {
    const db = await getDb();
    await db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    if (!GRANTABLE.has(this.model)) return;
    const db = await getDb();
    await db
      .delete(oidcPayloads)
      .where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.grantId, grantId)));
  }
}

/** The adapter factory the provider is configured with (one adapter per model). */
export function drizzleAdapter(model: string): Adapter {
  return new DrizzleAdapter(model);
}
