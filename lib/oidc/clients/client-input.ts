/**
 * What an application's registration may say, checked the same way for the console form and
 * the command line. Error messages are keys under "clients.errors" (lib/i18n/messages/oidc).
 *
 * Redirect URIs are matched exactly by the provider, so they are kept exactly as given (no
 * normalising that could make two spellings of one address differ from what the application
 * sends); each must be an absolute https URL, or http on localhost / 127.0.0.1 / [::1] (an
 * application on a developer's machine), without a fragment or credentials.
 */
import { z } from 'zod';

export const CLIENT_NAME_MAX = 80;
export const URIS_MAX = 10;
const URI_MAX = 2000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https anywhere, http only on a loopback host; absolute, no fragment, no user:password@. */
export function isAllowedUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash || value.includes('#') || url.username || url.password) return false;
  if (url.protocol === 'https:') return url.hostname.length > 0;
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

const uri = z
  .string()
  .trim()
  .min(1, 'clients.errors.uriRequired')
  .max(URI_MAX, 'clients.errors.uriTooLong')
  .refine(isAllowedUri, 'clients.errors.uriInvalid');

const uriList = (min: number) =>
  z
    .array(uri)
    .min(min, 'clients.errors.redirectUriRequired')
    .max(URIS_MAX, 'clients.errors.tooManyUris')
    .transform((list) => [...new Set(list)]);

export const clientName = z
  .string()
  .trim()
  .min(1, 'clients.errors.nameRequired')
  .max(CLIENT_NAME_MAX, 'clients.errors.nameTooLong');

export const clientInput = z.object({
  name: clientName,
  redirectUris: uriList(1),
  postLogoutRedirectUris: uriList(0).default([]),
  backchannelLogoutUri: uri.optional(),
  /** A public client (a browser or mobile app) has no secret and relies on PKCE alone. */
  public: z.boolean().default(false),
  /** One of the platform's own applications: people are not asked for consent. */
  firstParty: z.boolean().default(false),
});
export type ClientInput = z.input<typeof clientInput>;
export type CheckedClientInput = z.output<typeof clientInput>;

/** The parts an edit may change (a client's kind, public or confidential, stays as registered). */
export const clientChanges = clientInput.omit({ public: true });
export type ClientChanges = z.input<typeof clientChanges>;

/** Splits a textarea's lines into URIs (the console's form), dropping empty lines. */
export function uriLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
