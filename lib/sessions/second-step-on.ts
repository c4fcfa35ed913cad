/**
 * Does a password sign-in of this person owe a second step? Yes when they turned on codes
 * from an authenticator app, and yes when their role must use two-step verification
 * (REQUIRE_TWO_STEP_ROLES) and they have a passkey: staff may enrol a passkey instead of an
 * app, and then their password is followed by their passkey. Everyone else's passkeys are
 * a way to sign in (a passkey is both factors at once), not a step after the password: a
 * client who added one on their phone still signs in with the password alone on a laptop.
 *
 * As SQL over a users row (columns given, so raw statements with an alias can use it too),
 * read by sign-in (the session it makes starts at the second step) and by every session
 * check (a required role without it is sent to set it up).
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { passkeys } from '@/lib/db/schema';
import { env } from '@/lib/env';

type Ref = AnyColumn | SQL;

export function secondStepOnSql(user: { id: Ref; role: Ref; twoStepEnabledAt: Ref }): SQL {
  const required = env.REQUIRE_TWO_STEP_ROLES;
  const roleRequires = required.length
    ? sql`${user.role}::text in (${sql.join(
        required.map((role) => sql`${role}`),
        sql`, `,
      )})`
    : sql`false`;
  return sql`(${user.twoStepEnabledAt} is not null or (${roleRequires} and exists (select 1 from ${passkeys} where ${passkeys.userId} = ${user.id})))`;
}
