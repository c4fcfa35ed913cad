/**
 * The clients command line (`npm run clients -- …`): registering the platform's applications
 * from a terminal, as operators and the tests do. It runs wherever the database is: in this
 * process, or inside the running app when the embedded database belongs to it (the same
 * control socket as the accounts command line). Every operation is the console's own
 * (lib/oidc/clients), done as the operator and audited as "command line".
 */
import 'server-only';
import { parseArgs } from 'node:util';
import { OPERATOR } from '@/lib/accounts/actor';
import type { CommandOutput } from '@/lib/accounts/command-line';
import { addClient } from './add-client';
import { listClients } from './list-clients';
import { removeClient } from './remove-client';
import { rotateClientSecret } from './rotate-client-secret';
import type { ClientFailure } from './result';

export const CLIENTS_USAGE = `Usage: npm run clients -- <command> [options]

Commands:
  add --name NAME --redirect-uri URI [--redirect-uri URI…] [--post-logout-redirect-uri URI…]
      [--backchannel-logout-uri URI] [--public] [--first-party] [--json]
      Register an application. Prints its client id, and for a confidential client (the
      default) its secret, shown this once only. --public: no secret (PKCE alone).
      --first-party: one of the platform's own applications, people are not asked for consent.
      --json prints one object: {"client_id": …, "client_secret": …} (null for a public client).
  list [--json]
      List the registered applications.
  rotate-secret --client-id ID [--json]
      Give a confidential client a new secret (printed once); the old one stops working at once.
  remove --client-id ID
      Remove an application; its tokens stop working and people signed in to it are signed out of it.
  help
      Show this text.

Redirect URIs are matched exactly; https only, except http on localhost.
`;

const ok = (stdout: string): CommandOutput => ({ code: 0, stdout, stderr: '' });
const usage = (message: string): CommandOutput => ({
  code: 2,
  stdout: '',
  stderr: `${message}\n\n${CLIENTS_USAGE}`,
});

/** The error messages of client-input.ts are message keys; the terminal gets plain English. */
const FIELD_TEXT: Record<string, string> = {
  'clients.errors.nameRequired': 'a name is required',
  'clients.errors.nameTooLong': 'the name is too long',
  'clients.errors.uriRequired': 'an empty URI',
  'clients.errors.uriTooLong': 'a URI is too long',
  'clients.errors.uriInvalid':
    'each URI must be an absolute https URL (http only on localhost), without #fragment',
  'clients.errors.redirectUriRequired': 'at least one --redirect-uri is required',
  'clients.errors.tooManyUris': 'too many URIs',
};
const FIELD_OPTION: Record<string, string> = {
  name: '--name',
  redirectUris: '--redirect-uri',
  postLogoutRedirectUris: '--post-logout-redirect-uri',
  backchannelLogoutUri: '--backchannel-logout-uri',
};

function failure(result: ClientFailure, clientId?: string): CommandOutput {
  const stderr =
    result.code === 'invalid'
      ? Object.entries(result.fieldErrors)
          .map(([field, key]) => `${FIELD_OPTION[field] ?? field}: ${FIELD_TEXT[key] ?? key}`)
          .join('\n')
      : result.code === 'name_taken'
        ? 'An application with this name exists already.'
        : result.code === 'not_found'
          ? `No application with client id ${clientId}.`
          : 'Not allowed.';
  return { code: 1, stdout: '', stderr: `${stderr}\n` };
}

const OPTIONS = {
  name: { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  'backchannel-logout-uri': { type: 'string' },
  public: { type: 'boolean' },
  'first-party': { type: 'boolean' },
  'client-id': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const ALLOWED: Record<string, (keyof typeof OPTIONS)[]> = {
  add: [
    'name',
    'redirect-uri',
    'post-logout-redirect-uri',
    'backchannel-logout-uri',
    'public',
    'first-party',
    'json',
  ],
  list: ['json'],
  'rotate-secret': ['client-id', 'json'],
  remove: ['client-id'],
};

export async function runClientsCommand(argv: string[]): Promise<CommandOutput> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') return ok(CLIENTS_USAGE);
  const allowed = ALLOWED[command];
  if (!allowed) return usage(`Unknown command: ${command}`);
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    return usage((err as Error).message);
  }
  const extra = Object.keys(values).filter((k) => !allowed.includes(k as keyof typeof OPTIONS));
  if (extra.length) return usage(`${command} does not take --${extra.join(', --')}`);

  if (command === 'add') {
    const result = await addClient({
      client: {
        name: values.name ?? '',
        redirectUris: values['redirect-uri'] ?? [],
        postLogoutRedirectUris: values['post-logout-redirect-uri'] ?? [],
        backchannelLogoutUri: values['backchannel-logout-uri'],
        public: values.public ?? false,
        firstParty: values['first-party'] ?? false,
      },
      actor: OPERATOR,
    });
    if (!result.ok) return failure(result);
    if (values.json)
      return ok(`${JSON.stringify({ client_id: result.clientId, client_secret: result.clientSecret })}\n`);
    return ok(
      `client_id: ${result.clientId}\n` +
        (result.clientSecret
          ? `client_secret: ${result.clientSecret}\n(The secret is shown this once; only its hash is kept.)\n`
          : 'A public client: no secret, PKCE only.\n'),
    );
  }

  if (command === 'list') {
    const clients = (await listClients(OPERATOR)) ?? [];
    if (values.json)
      return ok(
        `${JSON.stringify(
          clients.map((c) => ({
            client_id: c.clientId,
            name: c.name,
            public: c.public,
            first_party: c.firstParty,
            redirect_uris: c.redirectUris,
            post_logout_redirect_uris: c.postLogoutRedirectUris,
            backchannel_logout_uri: c.backchannelLogoutUri,
          })),
        )}\n`,
      );
    if (!clients.length) return ok('No applications registered.\n');
    return ok(
      clients
        .map(
          (c) =>
            `${c.clientId}  ${c.name}  (${c.public ? 'public' : 'confidential'}${c.firstParty ? ', first party' : ''})\n` +
            c.redirectUris.map((u) => `    redirect: ${u}\n`).join(''),
        )
        .join(''),
    );
  }

  const clientId = values['client-id'];
  if (!clientId) return usage(`${command} needs --client-id`);
  if (command === 'rotate-secret') {
    const result = await rotateClientSecret({ clientId, actor: OPERATOR });
    if (!result.ok && result.code === 'public_client')
      return { code: 1, stdout: '', stderr: 'A public client has no secret to rotate.\n' };
    if (!result.ok) return failure(result, clientId);
    const secret = result.clientSecret;
    if (values.json) return ok(`${JSON.stringify({ client_id: clientId, client_secret: secret })}\n`);
    return ok(`client_secret: ${secret}\n(The secret is shown this once; the old one no longer works.)\n`);
  }
  const result = await removeClient({ clientId, actor: OPERATOR });
  if (!result.ok) return failure(result, clientId);
  return ok(`Removed ${result.name} (${clientId}).\n`);
}
