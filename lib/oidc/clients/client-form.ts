/**
 * The console's application form as posted: plain strings (URIs one per line in a textarea,
 * checkboxes present or absent). lib/oidc/clients/client-input.ts then checks what they
 * say, the same way as for the command line; this only bounds what is read at all.
 */
import { z } from 'zod';
import { uriLines, type ClientChanges, type ClientInput } from './client-input';

const text = (max: number) =>
  z.string({ error: 'clients.errors.invalid' }).max(max, 'clients.errors.tooLong');

export const clientFormSchema = z.object({
  name: text(1000).default(''),
  redirectUris: text(30_000).default(''),
  postLogoutRedirectUris: text(30_000).default(''),
  backchannelLogoutUri: text(3000).default(''),
  public: z.string().max(10).optional(),
  firstParty: z.string().max(10).optional(),
});
export type ClientForm = z.output<typeof clientFormSchema>;

/** The fields a form shows again as typed when the answer is "fix this" (never a secret). */
export const CLIENT_FORM_FIELDS = [
  'name',
  'redirectUris',
  'postLogoutRedirectUris',
  'backchannelLogoutUri',
] as const;

export function clientChangesFrom(form: ClientForm): ClientChanges {
  return {
    name: form.name,
    redirectUris: uriLines(form.redirectUris),
    postLogoutRedirectUris: uriLines(form.postLogoutRedirectUris),
    // An empty field means "none" (the schema would call an empty URI invalid).
    backchannelLogoutUri: form.backchannelLogoutUri.trim() || undefined,
    firstParty: Boolean(form.firstParty),
  };
}

export function clientInputFrom(form: ClientForm): ClientInput {
  return { ...clientChangesFrom(form), public: Boolean(form.public) };
}

/** Which application a rotate or remove form acts on. */
export const clientIdSchema = z.object({
  clientId: z
    .string({ error: 'clients.errors.notFound' })
    .min(1, 'clients.errors.notFound')
    .max(100, 'clients.errors.notFound'),
});
