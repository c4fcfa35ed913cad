/**
 * Entry point of `npm run accounts -- ...`.
 *
 * With DATABASE_URL: runs against PostgreSQL directly. With the embedded database: if
 * the app is running it owns the database, so the command is handed to it over the
 * control socket; otherwise this process takes the embedded lock for the moment it needs.
 */
import path from 'node:path';
import { env } from '@/lib/env';
import { closeDb } from '@/lib/db/client';
import { lockHolder } from '@/lib/db/embedded-lock';
import { runAccountsCommand, type CommandOutput } from '@/lib/accounts/command-line';
import { sendToControlServer } from '@/lib/server/control-socket';

function noListener(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ECONNREFUSED';
}

async function runEmbedded(argv: string[]): Promise<CommandOutput> {
  const dataDir = path.resolve(env.DATA_DIR);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await sendToControlServer(dataDir, argv);
    } catch (err) {
      if (!noListener(err)) throw err;
    }
    const holder = lockHolder(dataDir);
    if (holder === null) break; // nobody has the database: open it here
    // The app (or another command) holds it but is not answering yet: it may be starting up.
    if (Date.now() > deadline) {
      return {
        code: 1,
        stdout: '',
        stderr: `The embedded database is held by process ${holder}, which does not answer. Try again in a moment.\n`,
      };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  try {
    return await runAccountsCommand(argv);
  } finally {
    await closeDb();
  }
}

async function main() {
  const argv = process.argv.slice(2);
  // The running app may read the file (over the control socket): give it the whole path.
  if (argv[0] === 'import')
    for (let i = 1; i < argv.length; i++) if (!argv[i]!.startsWith('--')) argv[i] = path.resolve(argv[i]!);
  let out: CommandOutput;
  if (env.embedded) {
    out = await runEmbedded(argv);
  } else {
    try {
      out = await runAccountsCommand(argv);
    } finally {
      await closeDb();
    }
  }
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.code;
}

main().catch((err) => {
  console.error(`accounts: ${(err as Error).message}`);
  process.exitCode = 1;
});
