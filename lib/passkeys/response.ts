/**
 * What a browser posts back after a WebAuthn ceremony, checked before anything reads it:
 * the JSON of @simplewebauthn/browser's startRegistration() or startAuthentication(), as a
 * string from a form field or an action argument. Anything else (not JSON, too large,
 * fields of the wrong kind or size) is refused here with no database work, and the caller
 * answers with its clear "could not be checked" message (never a 500).
 */
import { z } from 'zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

/** A whole response is a few hundred bytes (a registration with attestation a few KB). */
export const MAX_RESPONSE_CHARS = 32_768;

const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/);
const credentialId = base64url(1366).min(1);
const extensions = z.record(z.string(), z.unknown()).default({});
const attachment = z.enum(['platform', 'cross-platform']).optional();

const assertionSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensions,
  response: z.object({
    clientDataJSON: base64url(4096).min(1),
    authenticatorData: base64url(4096).min(1),
    signature: base64url(2048).min(1),
    userHandle: base64url(128).optional(),
  }),
});

const registrationSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensions,
  response: z.object({
    clientDataJSON: base64url(4096).min(1),
    attestationObject: base64url(24_576).min(1),
    authenticatorData: base64url(8192).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(4096).optional(),
  }),
});

function parse<T>(schema: z.ZodType<T>, raw: unknown): T | null {
  if (typeof raw !== 'string' || raw.length > MAX_RESPONSE_CHARS) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** startAuthentication()'s answer, or null when it is not one. */
export function parseAssertion(raw: unknown): AuthenticationResponseJSON | null {
  return parse(assertionSchema, raw) as AuthenticationResponseJSON | null;
}

/** startRegistration()'s answer, or null when it is not one. */
export function parseRegistration(raw: unknown): RegistrationResponseJSON | null {
  return parse(registrationSchema, raw) as RegistrationResponseJSON | null;
}
