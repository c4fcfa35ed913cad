/** Entry point of `npm run accounts -- ...` (where it runs: scripts/operator-command.ts). */
import path from 'node:path';
import { runAccountsCommand } from '@/lib/accounts/command-line';
import { runOperatorCommand } from './operator-command';

const argv = process.argv.slice(2);
// The running app may read the file (over the control socket): give it the whole path.
if (argv[0] === 'import')
  for (let i = 1; i < argv.length; i++) if (!argv[i]!.startsWith('--')) argv[i] = path.resolve(argv[i]!);
await runOperatorCommand('accounts', argv, runAccountsCommand);
