/**
 * The one password policy, used by the server and previewed in the browser.
 * For now: length in code points and not the email address. The strength estimate and
 * blocklists arrive with the password issue and will live here too.
 */
import { codePointLength, PASSWORD_MAX } from '@/lib/validation/fields';

export const PASSWORD_MIN = 12;

export type PasswordProblem = 'tooShort' | 'tooLong' | 'sameAsEmail';

export interface PasswordContext {
  email?: string;
}

export function checkPassword(password: string, context: PasswordContext = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = codePointLength(password);
  if (length < PASSWORD_MIN) problems.push('tooShort');
  if (length > PASSWORD_MAX) problems.push('tooLong');
  if (context.email && password.trim().toLowerCase() === context.email.trim().toLowerCase()) problems.push('sameAsEmail');
  return problems;
}
