import { describe, expect, it } from 'vitest';
import { refusedSignInStatus } from './refused-sign-in-status';

describe('the HTTP answer to a refused sign-in', () => {
  it('gives every 429 a Retry-After in whole seconds, at least one', () => {
    expect(refusedSignInStatus({ ok: false, reason: 'throttled', retryAfterSeconds: 29.2 })).toEqual({
      status: 429,
      headers: { 'retry-after': '30' },
    });
    expect(refusedSignInStatus({ ok: false, reason: 'throttled', retryAfterSeconds: 0 }).headers).toEqual({
      'retry-after': '1',
    });
  });

  it('answers a blocked address with 403: waiting does not unblock it, so no 429 without a time', () => {
    expect(refusedSignInStatus({ ok: false, reason: 'blocked' })).toEqual({ status: 403, headers: {} });
  });

  it('keeps 401 for a wrong password and 403 for a deactivated account', () => {
    expect(refusedSignInStatus({ ok: false, reason: 'invalid' }).status).toBe(401);
    expect(refusedSignInStatus({ ok: false, reason: 'deactivated' }).status).toBe(403);
  });
});
