/**
 * The one set of expected failures of account operations, and the one mapping from each to
 * what people read (an i18n key). Unexpected failures throw instead.
 */
export const ACCOUNT_ERROR_MESSAGES = {
  not_found: 'manage.notFound',
  not_allowed: 'manage.notAllowed',
  role_not_allowed: 'createAccount.roleNotAllowed',
  email_taken: 'validation.emailTaken',
  /** For a counselor: the address cannot be used, without saying that an account has it. */
  ask_helpdesk: 'validation.emailAskHelpdesk',
  counselor_not_found: 'validation.counselorNotFound',
  not_active: 'manage.notActive',
  not_invited: 'accountPage.resendResult.notInvited',
  unchanged: 'manage.unchanged',
  already_deactivated: 'manage.alreadyDeactivated',
  not_deactivated: 'manage.notDeactivated',
  two_step_off: 'manage.twoStepOff',
  /** A reset link would go to the old address while the new one is not confirmed yet. */
  email_change_pending: 'manage.emailChangePendingNoReset',
  no_email_change: 'manage.noEmailChange',
  no_passkeys: 'passkeys.staff.noPasskeys',
  /** The session is not this account's open session (ended meanwhile, or the page is stale). */
  session_gone: 'manage.sessionGone',
} as const;

export type AccountErrorCode = keyof typeof ACCOUNT_ERROR_MESSAGES;

export type AccountFailure<C extends AccountErrorCode = AccountErrorCode> = { ok: false; code: C };

/** Failures that belong next to one form field rather than above the form. */
export const ACCOUNT_ERROR_FIELDS: Partial<Record<AccountErrorCode, 'email' | 'counselorEmail'>> = {
  email_taken: 'email',
  ask_helpdesk: 'email',
  counselor_not_found: 'counselorEmail',
};

export function fail<C extends AccountErrorCode>(code: C): AccountFailure<C> {
  return { ok: false, code };
}

export function isUniqueViolation(err: unknown): boolean {
  // postgres-js and PGlite both carry the SQLSTATE as `code`; drizzle may wrap it in `cause`.
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/** A failure as a form shows it: next to its field, or above the form. */
export function failureAnswer(
  code: AccountErrorCode,
): { fieldErrors: Record<string, string> } | { ok: false; message: string } {
  const field = ACCOUNT_ERROR_FIELDS[code];
  return field
    ? { fieldErrors: { [field]: ACCOUNT_ERROR_MESSAGES[code] } }
    : { ok: false, message: ACCOUNT_ERROR_MESSAGES[code] };
}
