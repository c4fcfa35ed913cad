/**
 * The text of /.well-known/security.txt (RFC 9116): how to report a security problem in
 * this deployment. Built from configuration only (SECURITY_TXT_* in lib/env.ts); pure, so
 * its format is unit-tested.
 */

export interface SecurityTxtInput {
  contact: readonly string[];
  expires: Date;
  languages: readonly string[];
  /** The file's own address (RFC 9116 2.5.2), so a copy served elsewhere can be recognised. */
  canonical: string;
}

/** RFC 3339 without fractions of a second, as the RFC's examples write it. */
function rfc3339(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function securityTxt(input: SecurityTxtInput): string {
  return [
    ...input.contact.map((uri) => `Contact: ${uri}`),
    `Expires: ${rfc3339(input.expires)}`,
    `Preferred-Languages: ${input.languages.join(', ')}`,
    `Canonical: ${input.canonical}`,
    '',
  ].join('\n');
}
