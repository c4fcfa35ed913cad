import { describe, expect, it } from 'vitest';
import { authCookies } from '@/lib/auth/cookies';
import { LOCALE_COOKIE, localeCookieOptions } from '@/lib/i18n/locales';
import { cookieProblems, parseSetCookie } from './cookie-rules';
import { linkCookie } from '@/lib/links/cookie';
import { browserCookie } from '@/lib/sessions/browser-cookie';
import { LINK_PAGES, LINK_PURPOSES, purposeOfPage } from '@/lib/links/purposes';

/** Every cookie the app sets, as an https deployment sets it. */
function appCookies(secure: boolean) {
  return [
    ...Object.values(authCookies(secure)).map((c) => ({ ...c, holdsSecret: true })),
    ...LINK_PAGES.map((page) => ({ ...linkCookie(page, secure), holdsSecret: true })),
    { ...browserCookie(secure), holdsSecret: true },
    { name: LOCALE_COOKIE, options: localeCookieOptions(secure), holdsSecret: false },
  ];
}

describe('cookie rules', () => {
  it.each(appCookies(true))('$name keeps the rules over https', (cookie) => {
    expect(
      cookieProblems(
        { name: cookie.name, ...cookie.options },
        { https: true, holdsSecret: cookie.holdsSecret },
      ),
    ).toEqual([]);
  });

  it('over plain http no cookie carries a prefix a browser would refuse there', () => {
    for (const cookie of appCookies(false)) expect(cookie.name).not.toMatch(/^__(Host|Secure)-/);
  });

  it('link cookies cannot be planted by a sibling subdomain: __Host-, Path=/, no Domain, the purpose in the name (issue 26, finding 7)', () => {
    const names = new Set<string>();
    for (const page of LINK_PAGES) {
      const { name, options } = linkCookie(page, true);
      // A __Secure- cookie may be set with Domain=<parent> by evil.<parent>; a __Host- one only by this host.
      expect(name.startsWith('__Host-')).toBe(true);
      expect(options.path).toBe('/');
      expect(options).not.toHaveProperty('domain');
      expect(name).toBe(`__Host-${LINK_PURPOSES[purposeOfPage(page)].cookie}`);
      names.add(name);
    }
    // One cookie per purpose: a link of one kind is never read as another.
    expect(names.size).toBe(LINK_PAGES.length);
  });

  it('finds a page-scoped __Host- cookie, the bug that broke every emailed link over https', () => {
    expect(
      cookieProblems(
        { name: '__Host-gatehouse.welcome-link', path: '/welcome', secure: true, httpOnly: true },
        { https: true, holdsSecret: true },
      ),
    ).toEqual([expect.stringContaining('requires Path=/')]);
    expect(
      cookieProblems(
        { name: '__Host-x', path: '/', domain: 'example.org', secure: true, httpOnly: true },
        { https: true, holdsSecret: true },
      ),
    ).toEqual([expect.stringContaining('forbids Domain')]);
    expect(
      cookieProblems({ name: '__Secure-x', path: '/a', httpOnly: true }, { https: true, holdsSecret: true }),
    ).toHaveLength(2);
    expect(
      cookieProblems({ name: 'x', path: '/', secure: true }, { https: true, holdsSecret: true }),
    ).toEqual([expect.stringContaining('HttpOnly')]);
  });

  it('reads Set-Cookie headers', () => {
    expect(
      parseSetCookie(
        '__Secure-gatehouse.reset-link=abc=; Path=/reset-password; Max-Age=3600; HttpOnly; Secure; SameSite=lax',
      ),
    ).toEqual({
      name: '__Secure-gatehouse.reset-link',
      value: 'abc=',
      path: '/reset-password',
      maxAge: 3600,
      httpOnly: true,
      secure: true,
    });
  });
});
