/**
 * An exclusive, process-level lock on the embedded database folder.
 *
 * PGlite gives no error when two processes open the same folder, and silently loses
 * writes. So exactly one process (normally the app) holds this lock and owns the
 * database; everyone else (the accounts command line) talks to that process through
 * its control socket, or waits.
 */
import fs from 'node:fs';
import path from 'node:path';

export class EmbeddedDatabaseBusyError extends Error {
  constructor(readonly holderPid: number) {
    super(`The embedded database is in use by process ${holderPid}.`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'pglite.lock');
}

/** Pid of the live process holding the lock, or null. */
export function lockHolder(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(lockPath(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock or throws EmbeddedDatabaseBusyError. A lock left by a dead process is
 * taken over. Returns a release function; the lock is also released when the process exits.
 */
export function acquireLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 'wx' fails if the file exists: creation is the atomic test-and-set.
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(dataDir);
      if (holder === process.pid) throw new Error('This process already holds the embedded database lock.');
      if (holder !== null) throw new EmbeddedDatabaseBusyError(holder);
      // Stale lock from a process that died: remove it and try again.
      try {
        fs.unlinkSync(file);
      } catch {
        /* someone else removed it first */
      }
    }
  }
  throw new Error(`Could not take the lock ${file}.`);
}

/** Waits up to timeoutMs for the lock (a short command-line run may be holding it). */
export async function acquireLockWaiting(dataDir: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return acquireLock(dataDir);
    } catch (err) {
      if (!(err instanceof EmbeddedDatabaseBusyError) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
