/**
 * A Dovecot IMAP server of our own for tests (Debian's `dovecot-imapd`): one user with a
 * password from a passwd-file, a maildir in a temporary folder, plain IMAP on 127.0.0.1 at
 * a port the OS gives us, started from a config of its own (nothing of /etc/dovecot is read)
 * and stopped by the caller. Serves as the bounce mailbox the bounce reader reads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './pgbouncer';

export interface Dovecot {
  /** imap://user:pass@127.0.0.1:port (add /Folder for another mailbox than INBOX). */
  url: string;
  user: string;
  password: string;
  port: number;
  stop(): Promise<void>;
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('* OK'));
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-dovecot-'));
  const port = await freePort();
  const user = 'bounces';
  const password = `pw-${process.pid}-${port}`;
  // Run as root (CI), Dovecot refuses mail access as uid 0 and drops its login processes to
  // its own users: the mail belongs to nobody. Run as anyone else, everything runs as them.
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? 65534 : process.getuid!();
  const gid = asRoot ? 65534 : process.getgid!();
  const me = os.userInfo().username;
  const home = path.join(dir, 'home');
  fs.mkdirSync(path.join(dir, 'run'));
  fs.mkdirSync(path.join(dir, 'state'));
  fs.mkdirSync(home);
  fs.chmodSync(dir, 0o755);
  if (asRoot) fs.chownSync(home, uid, gid);
  fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const config = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    config,
    [
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      'mail_location = maildir:~/Maildir',
      ...(asRoot ? [] : [`default_internal_user = ${me}`, `default_login_user = ${me}`]),
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%n ${dir}/passwd`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${uid} gid=${gid} home=${home}/%n`,
      '}',
      ...(asRoot ? [] : ['service imap-login {', '  chroot =', '}', 'service anvil {', '  chroot =', '}']),
      'service imap-login {',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      'service pop3-login {',
      '  inet_listener pop3 {',
      '    port = 0',
      '  }',
      '}',
      'service submission-login {',
      '  inet_listener submission {',
      '    port = 0',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('dovecot', ['-F', '-c', config], { stdio: 'ignore' });
  const log = () => {
    try {
      return fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8').split('\n').slice(-10).join('\n');
    } catch {
      return '(no log)';
    }
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const failure = await Promise.race([
      spawnError.then(
        (e) => `dovecot could not start (${e.message}); install it: apt-get install dovecot-imapd`,
      ),
      exited.then((code) => `dovecot exited with ${code}:\n${log()}`),
      new Promise<null>((r) => setTimeout(() => r(null), 100)),
    ]);
    if (failure) throw new Error(failure);
    if (await greets(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`dovecot did not listen on ${port} within 10 s:\n${log()}`);
    }
  }
  return {
    url: `imap://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    user,
    password,
    port,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
