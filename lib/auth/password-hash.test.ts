import { describe, expect, it } from 'vitest';
import { argon2Concurrency } from './password-hash';

describe('argon2 concurrency', () => {
  it('is one hash per core, always leaving two thread-pool threads to webcrypto and file reads', () => {
    expect(argon2Concurrency(2, 16)).toBe(2);
    expect(argon2Concurrency(8, 16)).toBe(8);
    expect(argon2Concurrency(32, 16)).toBe(14);
    // libuv's default pool of 4: two hashes at most, whatever the cores.
    expect(argon2Concurrency(8, 4)).toBe(2);
    expect(argon2Concurrency(1, 4)).toBe(1);
    // Never zero, even with a pool too small to keep two threads free.
    expect(argon2Concurrency(4, 2)).toBe(1);
    expect(argon2Concurrency(4, 1)).toBe(1);
  });
});
