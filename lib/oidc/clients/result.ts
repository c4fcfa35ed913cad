import type { z } from 'zod';

/** Expected failures of a client operation: no permission, bad input (per field), a taken name, an unknown client. */
export type ClientFailure =
  | { ok: false; code: 'forbidden' }
  | { ok: false; code: 'invalid'; fieldErrors: Record<string, string> }
  | { ok: false; code: 'name_taken' }
  | { ok: false; code: 'not_found' };

/** The first message per field of a failed parse ("redirectUris.1" reported as "redirectUris"). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= issue.message;
  }
  return out;
}

/** PostgreSQL's unique_violation, from postgres-js or PGlite. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}
