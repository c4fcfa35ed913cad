/**
 * Audit events in plain words: which sentence (an i18n key under "events") says what
 * happened, with its values, and runs of the same event grouped, so a helpdesk worker
 * reads "19 attempts with an already used reset link" instead of nineteen raw rows.
 */

export interface AuditEventRow {
  id: number;
  at: Date;
  action: string;
  details: unknown;
  actorName?: string | null;
  actorEmail?: string | null;
  targetId?: string | null;
  targetEmail?: string | null;
  ip?: string | null;
}

export interface EventDescription {
  /** Key under "events" in lib/i18n/messages; every sentence takes {count}. */
  key: string;
  values: Record<string, string>;
}

/** Variants the catalogs have a sentence for; anything else falls back to the general one. */
const VARIANTS: Record<string, { detail: string; known: readonly string[] }> = {
  'sign_in.failed': {
    detail: 'reason',
    known: ['wrong_password', 'unknown_email', 'no_password_yet', 'deactivated', 'wrong_current_password'],
  },
  'sign_in.throttled': { detail: 'reason', known: ['account', 'ip', 'blocked'] },
  'password_reset.requested': {
    detail: 'outcome',
    known: ['reset_link', 'welcome_link', 'deactivated_notice', 'no_account', 'throttled'],
  },
  'password_reset.failed': {
    detail: 'linkState',
    known: ['used', 'expired', 'superseded', 'unknown', 'deactivated', 'throttled'],
  },
  'welcome.resent': { detail: 'via', known: ['console', 'command line', 'self_renewal'] },
  'sign_in.unblocked': { detail: 'via', known: ['email link'] },
};

/** "password_reset.failed" → "passwordResetFailed"; "command line" → "commandLine". */
function camel(s: string): string {
  return s.replace(/[._ ]+(\w)/g, (_, c: string) => c.toUpperCase());
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function describeEvent(event: Pick<AuditEventRow, 'action' | 'details'>): EventDescription {
  const details = (event.details ?? {}) as Record<string, unknown>;
  const base = camel(event.action);
  if (event.action === 'sign_in.failed' && details.reason === 'wrong_current_password')
    return { key: 'signInFailed.wrongCurrentPassword', values: { during: text(details.during) || 'other' } };
  const variant = VARIANTS[event.action];
  if (variant) {
    const value = text(details[variant.detail]);
    return { key: `${base}.${variant.known.includes(value) ? camel(value) : 'other'}`, values: {} };
  }
  switch (event.action) {
    case 'account.email_changed':
    case 'account.email_change_requested':
    case 'account.role_changed':
    case 'account.language_changed':
      return { key: base, values: { before: text(details.before) || '—', after: text(details.after) } };
    case 'welcome.bulk_resent':
      return { key: base, values: { resent: text(details.resent) || '0' } };
    case 'account.deactivated':
      return {
        key: details.reason ? 'accountDeactivated.reason' : 'accountDeactivated.noReason',
        values: { reason: text(details.reason) },
      };
    case 'account.sessions_ended':
      // Staff ended one or all sessions; since issue 29 the console asks why.
      return {
        key: details.reason ? 'accountSessionsEnded.reason' : 'accountSessionsEnded.noReason',
        values: { sessions: text(details.sessions) || '0', reason: text(details.reason) },
      };
    case 'session.ended':
      return {
        key: details.scope === 'others' ? 'sessionEnded.others' : 'sessionEnded.one',
        values: { sessions: text(details.sessions) || '0' },
      };
    case 'accounts.imported':
      return {
        key: 'accountsImported',
        values: {
          file: text(details.fileName),
          created: text(details.created) || '0',
          exists: text(details.exists) || '0',
          skipped: text(details.skipped) || '0',
        },
      };
    case 'account.created':
    case 'account.email_change_withdrawn':
    case 'account.email_change_cancelled':
    case 'account.activated':
    case 'account.reactivated':
    case 'password.changed':
    case 'password.rehashed':
    case 'password_reset.completed':
    case 'password_reset.sent_by_staff':
    case 'sign_in.succeeded':
    case 'sign_in.unblock_requested':
    case 'sign_out':
    case 'welcome.renewal_refused':
    case 'two_step.enabled':
    case 'two_step.verified':
    case 'two_step.failed':
    case 'two_step.throttled':
    case 'two_step.reset':
    case 'two_step.recovery_codes_renewed':
    case 'two_step.disabled':
    case 'sign_in.new_browser':
    case 'account.secured':
    case 'second_look.passed':
    case 'passkey.verified':
    case 'passkey.failed':
      return { key: base, values: {} };
    case 'passkey.added':
    case 'oidc.client_created':
    case 'oidc.client_updated':
    case 'oidc.client_secret_rotated':
    case 'oidc.client_removed':
      return { key: base, values: { name: text(details.name) } };
    case 'passkey.renamed':
      return { key: base, values: { before: text(details.before), after: text(details.after) } };
    case 'passkey.removed':
      // One by its owner (name), or all by the helpdesk (names).
      return {
        key: base,
        values: {
          names: Array.isArray(details.names)
            ? details.names.map((n) => `“${text(n)}”`).join(', ')
            : `“${text(details.name)}”`,
        },
      };
    default:
      return { key: 'unknown', values: { action: event.action } };
  }
}

export interface EventGroup<E> {
  /** The newest event of the run (events come newest first). */
  first: E;
  /** The oldest. */
  last: E;
  count: number;
  description: EventDescription;
}

/**
 * Groups consecutive events that say the same thing (same sentence and values, same actor,
 * account and address), keeping their order.
 */
export function groupEvents<E extends AuditEventRow>(events: E[]): EventGroup<E>[] {
  const groups: EventGroup<E>[] = [];
  let previousSignature = '';
  for (const event of events) {
    const description = describeEvent(event);
    const signature = JSON.stringify([
      description,
      event.actorEmail ?? null,
      event.targetId ?? null,
      event.ip ?? null,
    ]);
    const open = groups[groups.length - 1];
    if (open && signature === previousSignature) {
      open.last = event;
      open.count++;
    } else {
      groups.push({ first: event, last: event, count: 1, description });
    }
    previousSignature = signature;
  }
  return groups;
}
