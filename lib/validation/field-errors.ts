import type { z } from 'zod';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** First message per field: one clear thing to fix at a time. Messages are i18n keys. */
export function fieldErrorsOf<K extends string>(error: z.ZodError): FieldErrors<K> {
  const out: Partial<Record<string, string>> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_form');
    out[key] ??= issue.message;
  }
  return out as FieldErrors<K>;
}
