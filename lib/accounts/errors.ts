/** Expected failures of account operations; the caller turns them into field or form errors. */
export type AccountFailure =
  | { ok: false; code: 'email_taken' }
  /** For a counselor: the address cannot be used, without saying that an account has it. */
  | { ok: false; code: 'ask_helpdesk' }
  | { ok: false; code: 'counselor_not_found' }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'not_allowed' }
  | { ok: false; code: 'already_deactivated' }
  | { ok: false; code: 'not_deactivated' };

export function isUniqueViolation(err: unknown): boolean {
  // postgres-js and PGlite both carry the SQLSTATE as `code`; drizzle may wrap it in `cause`.
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}
