/**
 * The password's length limit, without zod: the password policy (policy.ts) runs in the
 * browser for the strength meter, and importing lib/validation/fields.ts there would ship
 * zod with every password page (~30 KB gzipped).
 */
export const PASSWORD_MAX = 256;

/** Code points, not UTF-16 units: an emoji counts as one character. */
export function codePointLength(s: string): number {
  return Array.from(s).length;
}
