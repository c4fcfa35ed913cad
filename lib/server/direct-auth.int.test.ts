/**
 * The auth route as the edge calls it (lib/server/direct-routes.ts): the route module offers
 * its handlers when loaded, and a complete sign-in through them behaves exactly as through
 * Next.js, including the throttle under a parallel burst.
 */
import { describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { active, GOOD_PASSWORD } from '@/lib/test/factories';
import { passwordVerificationCount } from '@/lib/auth/password-hash';
import { authCookies } from '@/lib/auth/cookies';
import { edgeRoute } from './edge-routes';
import { CLIENT_IP_HEADER, EDGE_MARKER_HEADER, setEdgeMarker } from '@/lib/security/client-ip';

await import('@/app/api/auth/[...nextauth]/route');
const handler = edgeRoute('auth')!;
const marker = 'test-edge-marker';
setEdgeMarker(marker);

function edgeHeaders(extra: Record<string, string> = {}, ip = '10.4.0.1'): Headers {
  return new Headers({ [EDGE_MARKER_HEADER]: marker, [CLIENT_IP_HEADER]: ip, ...extra });
}

const cookiePairs = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

async function csrf(): Promise<{ token: string; cookie: string }> {
  const response = await handler({
    url: `${env.APP_URL}/api/auth/csrf`,
    method: 'GET',
    headers: edgeHeaders(),
    body: null,
  });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { token: csrfToken, cookie: cookiePairs(response) };
}

async function signIn(email: string, password: string, ip?: string): Promise<Response> {
  const { token, cookie } = await csrf();
  const body = new TextEncoder().encode(
    new URLSearchParams({ csrfToken: token, email, password, callbackUrl: '/' }).toString(),
  );
  return handler({
    url: `${env.APP_URL}/api/auth/callback/credentials`,
    method: 'POST',
    headers: edgeHeaders(
      { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: env.APP_URL },
      ip,
    ),
    body: body.buffer.slice(0) as ArrayBuffer,
  });
}

describe('the auth route, called by the edge without Next.js', () => {
  it('is offered to the edge when its module loads', () => {
    expect(typeof handler).toBe('function');
  });

  it('signs in: a redirect on APP_URL with a session cookie', async () => {
    const person = await active();
    const response = await signIn(person.email, GOOD_PASSWORD);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${env.APP_URL}/`);
    const session = authCookies(env.secureCookies).sessionToken.name;
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${session}=`))).toBe(true);
  });

  it('a wrong password goes back to the sign-in page with the one plain error, and sets no session', async () => {
    const person = await active();
    const response = await signIn(person.email, 'not-the-password');
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(`${env.APP_URL}/login`);
    expect(location.searchParams.get('code')).toBe('credentials');
    const session = authCookies(env.secureCookies).sessionToken.name;
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${session}=`))).toBe(false);
  });

  it('refuses a body that is not a form (415) and a post without the CSRF token', async () => {
    const wrongType = await handler({
      url: `${env.APP_URL}/api/auth/callback/credentials`,
      method: 'POST',
      headers: edgeHeaders({ 'content-type': 'application/json', origin: env.APP_URL }),
      body: new TextEncoder().encode('{}').buffer as ArrayBuffer,
    });
    expect(wrongType.status).toBe(415);
    const person = await active();
    const noToken = await handler({
      url: `${env.APP_URL}/api/auth/callback/credentials`,
      method: 'POST',
      headers: edgeHeaders({ 'content-type': 'application/x-www-form-urlencoded', origin: env.APP_URL }),
      body: new TextEncoder().encode(
        new URLSearchParams({ email: person.email, password: GOOD_PASSWORD }).toString(),
      ).buffer as ArrayBuffer,
    });
    expect(noToken.headers.getSetCookie().some((c) => c.includes('session'))).toBe(false);
    expect(noToken.headers.get('location') ?? '').toMatch(/error=MissingCSRF/);
  });

  it('ASVS 6.3.1: 30 parallel wrong passwords for one address through it: only the 5 free failures are checked', async () => {
    const person = await active();
    const before = passwordVerificationCount();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(person.email, `wrong-guess-${i}`, `10.4.1.${i + 1}`)),
    );
    expect(passwordVerificationCount() - before).toBe(5);
    const codes = answers.map((a) => new URL(a.headers.get('location')!).searchParams.get('code'));
    expect(codes.filter((c) => c === 'credentials')).toHaveLength(5);
    expect(codes.filter((c) => c?.startsWith('throttled:'))).toHaveLength(25);
  });
});
