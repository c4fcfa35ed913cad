/**
 * The keys that sign ID tokens and logout tokens, kept in oidc_signing_keys so that every
 * instance signs with the same key and publishes the same set (an application may fetch the
 * JWKS from one instance and get its token from another). The private half is sealed with a
 * key derived from AUTH_SECRET (lib/security/sealed.ts), which all instances share.
 *
 * A key's life: made (published at once, so applications can fetch it) → signing from
 * activates_at → retired by a newer key (signs no more) → still published until
 * publish_until, when everything it signed has expired → pruned.
 */
import 'server-only';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { and, asc, desc, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcSigningKeys } from '@/lib/db/schema';
import type { Db } from '@/lib/db/types';
import { seal, unseal } from '@/lib/security/sealed';

/** The algorithm of every key: RS256 is what every OpenID Connect library accepts. */
export const SIGNING_ALG = 'RS256';

/**
 * How long a retired key stays published: longer than anything it signed lives (ID tokens
 * 10 minutes, logout tokens 2 minutes), with room for clocks that disagree.
 */
export const KEEP_PUBLISHED_SECONDS = 24 * 3600;

export interface SigningKeyRow {
  kid: string;
  activatesAt: Date;
  retiredAt: Date | null;
  publishUntil: Date | null;
  sealedPrivateJwk: string;
}

export interface KeySet {
  /** Private JWKs for oidc-provider's `jwks`: the signing key first (it signs), then the others (published only). */
  keys: Record<string, unknown>[];
  /** The kid that signs now, and every kid published: what decides whether the provider must be rebuilt. */
  fingerprint: string;
}

/** A new RSA key as a private JWK with its kid. */
export function newSigningJwk(): {
  kid: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  const meta = { kid, alg: SIGNING_ALG, use: 'sig' };
  return {
    kid,
    privateJwk: { ...privateKey.export({ format: 'jwk' }), ...meta },
    publicJwk: { ...publicKey.export({ format: 'jwk' }), ...meta },
  };
}

/** The keys still published (not past publish_until), newest first. */
async function publishedRows(db: Db): Promise<SigningKeyRow[]> {
  return db
    .select({
      kid: oidcSigningKeys.kid,
      activatesAt: oidcSigningKeys.activatesAt,
      retiredAt: oidcSigningKeys.retiredAt,
      publishUntil: oidcSigningKeys.publishUntil,
      sealedPrivateJwk: oidcSigningKeys.sealedPrivateJwk,
    })
    .from(oidcSigningKeys)
    .where(or(isNull(oidcSigningKeys.publishUntil), sql`${oidcSigningKeys.publishUntil} > now()`))
    .orderBy(desc(oidcSigningKeys.activatesAt), asc(oidcSigningKeys.kid));
}

/** The key that signs at `now`: the newest one active and not retired. */
export function signingRow(rows: readonly SigningKeyRow[], now: Date): SigningKeyRow | undefined {
  return rows.find((r) => r.activatesAt <= now && (!r.retiredAt || r.retiredAt > now));
}

/**
 * The provider's key set as of now. Makes the first key when there is none that can sign
 * (first start, or every key retired): under an advisory lock, so instances starting
 * together make one.
 */
export async function currentKeySet(): Promise<KeySet> {
  const db = await getDb();
  let rows = await publishedRows(db);
  const unreadable = rows.filter((r) => !opens(r.sealedPrivateJwk)).map((r) => r.kid);
  if (unreadable.length) {
    // Sealed under another AUTH_SECRET: useless to this deployment now. Retire them, so a
    // new key is made below rather than the provider running without one.
    console.error(
      `[oidc] signing keys ${unreadable.join(', ')} cannot be opened (AUTH_SECRET changed?): retired`,
    );
    await db
      .update(oidcSigningKeys)
      .set({ retiredAt: sql`now()`, publishUntil: sql`now()` })
      .where(inArray(oidcSigningKeys.kid, unreadable));
    rows = await publishedRows(db);
  }
  if (!signingRow(rows, new Date())) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('gatehouse.oidc_signing_keys'))`);
      const active = await tx
        .select({ kid: oidcSigningKeys.kid })
        .from(oidcSigningKeys)
        .where(
          and(
            lte(oidcSigningKeys.activatesAt, sql`now()`),
            or(isNull(oidcSigningKeys.retiredAt), sql`${oidcSigningKeys.retiredAt} > now()`),
          ),
        );
      if (active.length) return;
      const made = newSigningJwk();
      await tx.insert(oidcSigningKeys).values({
        kid: made.kid,
        alg: SIGNING_ALG,
        sealedPrivateJwk: seal(made.privateJwk, 'oidc-signing-key'),
        publicJwk: made.publicJwk,
      });
    });
    rows = await publishedRows(db);
  }
  return keySetOf(rows, new Date());
}

function opens(sealed: string): boolean {
  try {
    unseal(sealed, 'oidc-signing-key');
    return true;
  } catch {
    return false;
  }
}

/** Unseals the published keys, signing key first. */
export function keySetOf(rows: readonly SigningKeyRow[], now: Date): KeySet {
  const signing = signingRow(rows, now);
  const ordered = signing ? [signing, ...rows.filter((r) => r !== signing)] : [...rows];
  return {
    keys: ordered.map((row) => unseal<Record<string, unknown>>(row.sealedPrivateJwk, 'oidc-signing-key')),
    fingerprint: `${signing?.kid ?? '-'}|${ordered.map((r) => r.kid).join(',')}`,
  };
}

/** What the key set will be at `now` according to what the table says: to notice a rotation. */
export async function keySetFingerprint(now: Date): Promise<string> {
  const db = await getDb();
  const rows = await publishedRows(db);
  const signing = signingRow(rows, now);
  const ordered = signing ? [signing, ...rows.filter((r) => r !== signing)] : rows;
  return `${signing?.kid ?? '-'}|${ordered.map((r) => r.kid).join(',')}`;
}
