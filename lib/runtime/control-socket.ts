/**
 * A Unix socket in DATA_DIR through which the accounts command line asks the running app
 * to run a command. The embedded database can be open in one process only (PGlite loses
 * writes otherwise), so the command line never opens it beside the app: it hands the
 * command to the process that owns it. The socket lives in a folder only this OS user can
 * enter (mode 700), so only the operator who started the app can use it.
 */
import 'server-only';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { CommandOutput } from '@/lib/accounts/command-line';

/** Which command line a request is for: `npm run accounts` or `npm run clients`. */
export type CommandProgram = 'accounts' | 'clients';

export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, 'control.sock');
}

const MAX_REQUEST_BYTES = 64 * 1024;

export async function startControlServer(
  dataDir: string,
  run: (argv: string[], program: CommandProgram) => Promise<CommandOutput>,
): Promise<net.Server> {
  const socketPath = controlSocketPath(dataDir);
  // Only the holder of the embedded lock calls this, so a leftover socket file is stale.
  fs.rmSync(socketPath, { force: true });
  const server = net.createServer((conn) => {
    let buffer = '';
    conn.setEncoding('utf8');
    conn.on('data', async (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST_BYTES) return conn.destroy();
      const newline = buffer.indexOf('\n');
      if (newline === -1) return;
      let reply: CommandOutput;
      try {
        const request = JSON.parse(buffer.slice(0, newline)) as { argv?: unknown; program?: unknown };
        const program: CommandProgram = request.program === 'clients' ? 'clients' : 'accounts';
        const argv =
          Array.isArray(request.argv) && request.argv.every((a) => typeof a === 'string')
            ? request.argv
            : null;
        reply = argv ? await run(argv, program) : { code: 2, stdout: '', stderr: 'Malformed request.\n' };
      } catch (err) {
        reply = { code: 1, stdout: '', stderr: `The command failed in the app: ${(err as Error).message}\n` };
      }
      conn.end(`${JSON.stringify(reply)}\n`);
    });
    conn.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  server.unref();
  process.on('exit', () => fs.rmSync(socketPath, { force: true }));
  return server;
}

/** Sends a command to the running app. Rejects with code ENOENT/ECONNREFUSED when no app listens. */
export function sendToControlServer(
  dataDir: string,
  argv: string[],
  program: CommandProgram = 'accounts',
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(controlSocketPath(dataDir));
    let buffer = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify({ argv, program })}\n`));
    conn.on('data', (chunk: string) => (buffer += chunk));
    conn.on('end', () => {
      try {
        resolve(JSON.parse(buffer) as CommandOutput);
      } catch {
        reject(new Error('The app gave an unreadable answer.'));
      }
    });
    conn.on('error', reject);
  });
}
