/** Entry point of `npm run clients -- ...`: the platform's applications (lib/oidc/clients/command-line.ts). */
import { runClientsCommand } from '@/lib/oidc/clients/command-line';
import { runOperatorCommand } from './operator-command';

await runOperatorCommand('clients', process.argv.slice(2), runClientsCommand);
