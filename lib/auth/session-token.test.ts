import { describe, expect, it } from 'vitest';
import { decode as nextAuthDecode, encode as nextAuthEncode } from 'next-auth/jwt';
import { decodeSessionToken, encodeSessionToken } from './session-token';

const secret = 'a-test-secret-of-enough-length-0123456789abcdef';
const salt = 'gatehouse.session';

describe('session token (next-auth format, derived key cached)', () => {
  it('reads tokens next-auth made, and next-auth reads ours: cookies survive the change', async () => {
    const theirs = await nextAuthEncode({ token: { sid: 'session-1' }, secret, salt, maxAge: 3600 });
    expect((await decodeSessionToken({ token: theirs, secret, salt }))?.sid).toBe('session-1');
    const ours = await encodeSessionToken({ token: { sid: 'session-2' }, secret, salt, maxAge: 3600 });
    expect((await nextAuthDecode({ token: ours, secret, salt }))?.sid).toBe('session-2');
  });

  it('makes a different token each time (fresh IV and jti) that carries the lifetime asked for', async () => {
    const a = await encodeSessionToken({ token: { sid: 's' }, secret, salt, maxAge: 600 });
    const b = await encodeSessionToken({ token: { sid: 's' }, secret, salt, maxAge: 600 });
    expect(a).not.toBe(b);
    const payload = await decodeSessionToken({ token: a, secret, salt });
    expect(payload!.exp! - payload!.iat!).toBe(600);
  });

  it('refuses a token made with another secret or salt, a tampered one and an expired one', async () => {
    const token = await encodeSessionToken({ token: { sid: 's' }, secret, salt, maxAge: 600 });
    await expect(decodeSessionToken({ token, secret: `${secret}-other`, salt })).rejects.toThrow();
    await expect(decodeSessionToken({ token, secret, salt: 'other.cookie' })).rejects.toThrow();
    const parts = token.split('.');
    parts[3] = parts[3]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    await expect(decodeSessionToken({ token: parts.join('.'), secret, salt })).rejects.toThrow();
    const expired = await encodeSessionToken({ token: { sid: 's' }, secret, salt, maxAge: -60 });
    await expect(decodeSessionToken({ token: expired, secret, salt })).rejects.toThrow();
  });

  it('reads a token made with a previous secret while a new one is first in the list', async () => {
    const old = await encodeSessionToken({ token: { sid: 'old' }, secret, salt, maxAge: 600 });
    const rotated = ['the-new-secret-0123456789abcdefghijklmnop', secret];
    expect((await decodeSessionToken({ token: old, secret: rotated, salt }))?.sid).toBe('old');
    expect((await nextAuthDecode({ token: old, secret: rotated, salt }))?.sid).toBe('old');
  });

  it('reads nothing from an empty token', async () => {
    expect(await decodeSessionToken({ token: '', secret, salt })).toBeNull();
    expect(await decodeSessionToken({ token: undefined, secret, salt })).toBeNull();
  });
});
