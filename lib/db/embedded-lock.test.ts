import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, EmbeddedDatabaseBusyError, lockHolder, lockPath } from './embedded-lock';

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the embedded database lock', () => {
  it('is exclusive while held by a live process and free again after release', () => {
    const dir = tempDir();
    const release = acquireLock(dir);
    expect(lockHolder(dir)).toBe(process.pid);
    expect(() => acquireLock(dir)).toThrow(/already holds/);
    release();
    expect(lockHolder(dir)).toBeNull();
    acquireLock(dir)();
  });

  it('refuses a second process and names the holder', async () => {
    const dir = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(lockPath(dir), String(holder.pid));
    try {
      expect(() => acquireLock(dir)).toThrow(EmbeddedDatabaseBusyError);
      expect(lockHolder(dir)).toBe(holder.pid);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    const deadPid = Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString(),
    );
    fs.writeFileSync(lockPath(dir), String(deadPid));
    expect(lockHolder(dir)).toBeNull();
    const release = acquireLock(dir);
    expect(lockHolder(dir)).toBe(process.pid);
    release();
  });
});
