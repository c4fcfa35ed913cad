/** Writing the audit log: append-only (a trigger refuses UPDATE and DELETE); read by read.ts. */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/lib/db/types';
import { auditEvents } from '@/lib/db/schema';

export type AuditAction =
  | 'sign_in.succeeded'
  | 'sign_in.failed'
  | 'sign_in.throttled'
  | 'sign_in.unblocked'
  | 'sign_in.unblock_requested'
  | 'sign_in.new_browser'
  | 'account.secured'
  | 'sign_out'
  | 'account.created'
  | 'account.create_refused'
  | 'account.sessions_ended'
  | 'session.ended'
  | 'welcome.resent'
  | 'welcome.bulk_resent'
  | 'welcome.renewal_refused'
  | 'password_reset.requested'
  | 'password_reset.completed'
  | 'password_reset.failed'
  | 'password_reset.sent_by_staff'
  | 'account.email_changed'
  | 'account.email_change_requested'
  | 'account.email_change_withdrawn'
  | 'account.email_change_cancelled'
  | 'account.role_changed'
  | 'account.activated'
  | 'account.deactivated'
  | 'account.reactivated'
  | 'password.rehashed'
  | 'password.changed'
  | 'account.language_changed'
  | 'accounts.imported'
  | 'two_step.enabled'
  | 'two_step.verified'
  | 'two_step.failed'
  | 'two_step.throttled'
  | 'two_step.reset'
  | 'two_step.recovery_codes_renewed'
  | 'two_step.disabled'
  | 'second_look.passed'
  | 'passkey.added'
  | 'passkey.renamed'
  | 'passkey.removed'
  | 'passkey.verified'
  | 'passkey.failed'
  // OpenID Connect (lib/oidc)
  | 'oidc.app_sign_in'
  | 'oidc.consent_given'
  | 'oidc.consent_refused'
  | 'oidc.client_created'
  | 'oidc.client_updated'
  | 'oidc.client_secret_rotated'
  | 'oidc.client_removed'
  | 'oidc.signing_key_rotated';

export interface AuditEvent {
  action: AuditAction;
  actorId?: string | null;
  targetId?: string | null;
  ip?: string | null;
  /** Facts only: never a password, a token or a hash. */
  details?: Record<string, unknown>;
}

/**
 * The INSERT of one event as SQL, for a statement that records a change and its audit line
 * in one round trip (e.g. `with changed as (update …) ${auditInsert(…)}`).
 */
export function auditInsert(event: AuditEvent): SQL {
  return sql`insert into ${auditEvents} ("action", "actor_id", "target_id", "ip", "details")
    values (${event.action}, ${event.actorId ?? null}, ${event.targetId ?? null}, ${event.ip ?? null}::inet, ${JSON.stringify(event.details ?? {})}::jsonb)`;
}

/** Appends one event. Pass the transaction that made the change, so both land or neither. */
export async function recordAudit(db: Db, event: AuditEvent): Promise<void> {
  await db.insert(auditEvents).values({
    action: event.action,
    actorId: event.actorId ?? null,
    targetId: event.targetId ?? null,
    ip: event.ip ?? null,
    details: event.details ?? {},
  });
}

/** Appends many events in one INSERT (an import's "account.created" events). */
export async function recordAuditEvents(db: Db, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(auditEvents).values(
    events.map((event) => ({
      action: event.action,
      actorId: event.actorId ?? null,
      targetId: event.targetId ?? null,
      ip: event.ip ?? null,
      details: event.details ?? {},
    })),
  );
}
