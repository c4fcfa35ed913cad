/**
 * A PgBouncer of our own in transaction mode, in front of the PostgreSQL server of a URL:
 * Debian's `pgbouncer` package (1.18 on bookworm, which cannot carry named prepared
 * statements across server connections), run from a config in a temporary folder, on a
 * port the OS gives us, stopped by the caller. Used by the `integration-pgbouncer` test
 * project and by bench:sign-in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgBouncer {
  /** `serverUrl` with host and port pointing at PgBouncer (same user, password and database). */
  url(serverUrl: string): string;
  port: number;
  stop(): Promise<void>;
}

/** A TCP port free right now (the OS picks it; PgBouncer binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startPgBouncer(options: {
  /** PostgreSQL itself: host, port and a superuser PgBouncer looks other roles up with. */
  serverUrl: string;
  /** Server connections per (database, user): fewer than the app's pool, so clients share them. */
  poolSize?: number;
}): Promise<PgBouncer> {
  const server = new URL(options.serverUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-pgbouncer-'));
  const port = await freePort();
  const authUser = decodeURIComponent(server.username || 'postgres');
  const ini = path.join(dir, 'pgbouncer.ini');
  fs.writeFileSync(path.join(dir, 'users.txt'), `"${authUser}" "${decodeURIComponent(server.password)}"\n`);
  fs.writeFileSync(
    ini,
    [
      '[databases]',
      // Any database name is passed through to the same name on the server.
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 4}`,
      'max_client_conn = 500',
      // Roles the tests create on the fly (the two-roles test) are looked up through this user.
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      `auth_user = ${authUser}`,
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      'log_connections = 0',
      'log_disconnections = 0',
    ].join('\n') + '\n',
  );
  // PgBouncer refuses to run as root (CI runs as root): it drops to an unprivileged user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) fs.chownSync(dir, 65534, 65534);
  if (asRoot) for (const f of fs.readdirSync(dir)) fs.chownSync(path.join(dir, f), 65534, 65534);
  const child: ChildProcess = spawn('pgbouncer', [...(asRoot ? ['-u', 'nobody'] : []), ini], {
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const log = () => {
    try {
      return fs.readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8').split('\n').slice(-10).join('\n');
    } catch {
      return '(no log)';
    }
  };
  // Up to 10 s for it to listen: it starts in milliseconds, the margin is for a busy machine.
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    const failed = await Promise.race([
      spawnError.then(
        (e) => `pgbouncer could not start (${e.message}); install it: apt-get install pgbouncer`,
      ),
      exited.then((code) => `pgbouncer exited with ${code}:\n${log()}`),
      new Promise<null>((r) => setTimeout(r, 50, null)),
    ]);
    if (failed) throw new Error(failed);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not listen on ${port} within 10 s:\n${log()}`);
    }
  }
  return {
    port,
    url(serverUrl: string) {
      const u = new URL(serverUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM'); // immediate shutdown: closes client and server connections
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
