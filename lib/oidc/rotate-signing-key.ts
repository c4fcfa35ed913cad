/**
 * Replaces the signing key: a new key is published at once and signs from `activateInSeconds`
 * on (every instance looks at the table every KEY_CHECK_SECONDS, so by then each publishes it
 * and no application meets a signature by a key it cannot fetch); the key it replaces stops
 * signing then, and stays published for KEEP_PUBLISHED_SECONDS more, until everything it
 * signed has expired.
 */
import 'server-only';
import { and, isNull, or, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcSigningKeys } from '@/lib/db/schema';
import { seal } from '@/lib/security/sealed';
import { KEEP_PUBLISHED_SECONDS, newSigningJwk, SIGNING_ALG } from './signing-keys';

/** How often each instance looks for a rotation (provider.ts). */
export const KEY_CHECK_SECONDS = 10;
/** By default a new key signs a minute after it is made: six looks by every instance. */
export const DEFAULT_ACTIVATE_IN_SECONDS = 60;

export async function rotateSigningKey(
  input: { activateInSeconds?: number } = {},
): Promise<{ kid: string; activatesAt: Date; retired: string[] }> {
  const activateIn = input.activateInSeconds ?? DEFAULT_ACTIVATE_IN_SECONDS;
  const made = newSigningJwk();
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('gatehouse.oidc_signing_keys'))`);
    const [row] = await tx
      .insert(oidcSigningKeys)
      .values({
        kid: made.kid,
        alg: SIGNING_ALG,
        sealedPrivateJwk: seal(made.privateJwk, 'oidc-signing-key'),
        publicJwk: made.publicJwk,
        activatesAt: sql`now() + make_interval(secs => ${activateIn})`,
      })
      .returning({ activatesAt: oidcSigningKeys.activatesAt });
    // Every key that would still sign after the new one starts: retired when it starts.
    const retired = await tx
      .update(oidcSigningKeys)
      .set({
        retiredAt: row!.activatesAt,
        publishUntil: sql`${row!.activatesAt}::timestamptz + make_interval(secs => ${KEEP_PUBLISHED_SECONDS})`,
      })
      .where(
        and(
          sql`${oidcSigningKeys.kid} <> ${made.kid}`,
          sql`${oidcSigningKeys.activatesAt} < ${row!.activatesAt}`,
          or(isNull(oidcSigningKeys.retiredAt), sql`${oidcSigningKeys.retiredAt} > ${row!.activatesAt}`),
        ),
      )
      .returning({ kid: oidcSigningKeys.kid });
    return { kid: made.kid, activatesAt: row!.activatesAt, retired: retired.map((r) => r.kid) };
  });
}
