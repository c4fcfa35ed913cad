import { describe, expect, it } from 'vitest';
import { authCookies } from './cookies';

describe('auth cookies', () => {
  it('are __Host- prefixed, Secure, HttpOnly, SameSite=Lax and path / over https', () => {
    for (const cookie of Object.values(authCookies(true))) {
      expect(cookie.name.startsWith('__Host-')).toBe(true);
      expect(cookie.options).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: true });
    }
  });

  it('are plain HttpOnly, SameSite=Lax over http (local development)', () => {
    expect(authCookies(false).sessionToken).toEqual({
      name: 'gatehouse.session',
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false },
    });
  });
});
