/**
 * The person behind a subject, as the provider asks for it at every token, refresh and
 * userinfo request. Only an active account is found: a deactivated person gets no new token
 * by any route (a code, a refresh, userinfo), whatever is still stored for them.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Account, AccountClaims, FindAccount } from 'oidc-provider';
import { getDb } from '@/lib/db/client';
import { oidcSubjects, users } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { SUBJECT_PATTERN } from './subjects';

export const findAccount: FindAccount = async (_ctx, sub): Promise<Account | undefined> => {
  if (!SUBJECT_PATTERN.test(sub)) return undefined;
  const db = await getDb();
  const [person] = await db
    .select({ email: users.email, name: users.name, role: users.role, locale: users.locale })
    .from(oidcSubjects)
    .innerJoin(users, eq(users.id, oidcSubjects.userId))
    .where(and(eq(oidcSubjects.subject, sub), eq(users.status, 'active')));
  if (!person) return undefined;
  return {
    accountId: sub,
    // The provider keeps only the claims the granted scopes allow (see CLAIMS in provider.ts).
    async claims(): Promise<AccountClaims> {
      return {
        sub,
        email: person.email,
        // Every address was proven by a link sent to it: the welcome link, or the confirmation
        // of an address change. An account cannot sign in before that.
        email_verified: true,
        name: person.name,
        locale: person.locale ?? env.DEFAULT_LOCALE,
        role: person.role,
      };
    },
  };
};
