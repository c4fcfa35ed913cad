/**
 * Whose figures a person sees on the dashboard: application managers and helpdesk see
 * everyone's, a counselor only their own clients', and nobody else any.
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '@/lib/accounts/actor';

export type DashboardScope = { counselorId: string | null };

export function dashboardScope(actor: Actor): DashboardScope | null {
  if (actor.kind === 'operator') return { counselorId: null };
  if (actor.kind !== 'user') return null;
  if (actor.role === 'application_manager' || actor.role === 'helpdesk') return { counselorId: null };
  if (actor.role === 'counselor') return { counselorId: actor.id };
  return null;
}

/**
 * A condition keeping rows about accounts in scope: `column` holds a user id (or, with
 * `by: 'email'`, an address). Nothing for everyone; for a counselor an `in (…)` over their
 * clients, found by the counselor_id index.
 */
export function inScope(
  scope: DashboardScope,
  column: AnyPgColumn,
  by: 'id' | 'email' = 'id',
): SQL | undefined {
  if (scope.counselorId === null) return undefined;
  return by === 'id'
    ? sql`${column} in (select u.id from users u where u.counselor_id = ${scope.counselorId})`
    : sql`${column} in (select u.email from users u where u.counselor_id = ${scope.counselorId})`;
}
