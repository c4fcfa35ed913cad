/**
 * How an operator's command line (`npm run accounts`, `npm run clients`) reaches the database.
 *
 * With DATABASE_URL: runs against PostgreSQL directly. With the embedded database: if
 * the app is running it owns the database, so the command is handed to it over the
 * control socket; otherwise this process takes the embedded lock for the moment it needs.
 */
import path from 'node:path';
import { env } from '@/lib/env';
import { closeDb } from '@/lib/db/client';
import { lockHolder } from '@/lib/db/embedded-lock';
import type { CommandOutput } from '@/lib/accounts/command-line';
import { sendToControlServer, type CommandProgram } from '@/lib/runtime/control-socket';

type Run = (argv: string[]) => Promise<CommandOutput>;

function noListener(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ECONNREFUSED';
}

async function runEmbedded(program: CommandProgram, argv: string[], run: Run): Promise<CommandOutput> {
  const dataDir = path.resolve(env.DATA_DIR);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await sendToControlServer(dataDir, argv, program);
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
    return await run(argv);
  } finally {
    await closeDb();
  }
}

/** Runs one command where the database is, prints its output and sets the exit code. */
export async function runOperatorCommand(program: CommandProgram, argv: string[], run: Run): Promise<void> {
  let out: CommandOutput;
  try {
    if (env.embedded) {
      out = await runEmbedded(program, argv, run);
    } else {
      try {
        out = await run(argv);
      } finally {
        await closeDb();
      }
    }
  } catch (err) {
    out = { code: 1, stdout: '', stderr: `${program}: ${(err as Error).message}\n` };
  }
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  process.exitCode = out.code;
}
