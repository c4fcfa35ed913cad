/**
 * Field schemas shared by forms (react-hook-form in the browser) and server actions.
 * Messages are next-intl keys under "validation", translated where they are shown.
 */
import { z } from 'zod';
import { codePointLength, PASSWORD_MAX } from '@/lib/password/limits';

/** The longest address SMTP allows (RFC 5321's path limit less its angle brackets). */
export const EMAIL_MAX = 254;

export { codePointLength, PASSWORD_MAX };

/** Same rules everywhere: trimmed, lower-cased, at most 254 characters, one @ with a dotted domain. */
export const emailField = z
  .string({ error: 'validation.emailRequired' })
  .trim()
  .min(1, 'validation.emailRequired')
  .max(EMAIL_MAX, 'validation.emailTooLong')
  .toLowerCase()
  .pipe(z.email({ error: 'validation.emailInvalid' }));

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A password as typed: never trimmed or case-folded. */
export const currentPasswordField = z
  .string({ error: 'validation.passwordRequired' })
  .min(1, 'validation.passwordRequired')
  .refine((p) => codePointLength(p) <= PASSWORD_MAX, 'validation.passwordTooLong');
