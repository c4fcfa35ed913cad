/**
 * The Gatehouse session of the browser behind a request to the provider, read from its
 * session cookie (next-auth's encrypted token, which names a row in `sessions`) and checked
 * against the database exactly as a page would (validateSession).
 *
 * The provider's own code (its adapter in particular) has no request in hand, so the edge
 * runs every provider request inside `withBrowser`, and the answer is looked up at most once
 * per request, only when something asks (most provider requests, like /token, never do).
 */
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { env } from '@/lib/env';
import { authCookies } from '@/lib/auth/cookies';
import { authSecret } from '@/lib/security/secret';
import { decodeSessionToken } from '@/lib/auth/session-token';
import { validateSession, type SessionUser } from '@/lib/sessions/validate-session';

interface BrowserRequest {
  cookieHeader: string | undefined;
  session?: Promise<SessionUser | null>;
}

const globalForBrowser = globalThis as unknown as {
  __gatehouseOidcBrowser?: AsyncLocalStorage<BrowserRequest>;
};
/** One store per process: Next's bundle and the edge may both load this module. */
function store(): AsyncLocalStorage<BrowserRequest> {
  globalForBrowser.__gatehouseOidcBrowser ??= new AsyncLocalStorage<BrowserRequest>();
  return globalForBrowser.__gatehouseOidcBrowser;
}

/** Runs `work` (a provider request) with this cookie header as "the browser". */
export function withBrowser<T>(cookieHeader: string | undefined, work: () => T): T {
  return store().run({ cookieHeader }, work);
}

/** One cookie's value from a Cookie header (next-auth may split a large one into name.0, name.1…). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const jar = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim();
    if (!jar.has(key)) jar.set(key, part.slice(eq + 1).trim());
  }
  if (jar.has(name)) return jar.get(name);
  const chunks: string[] = [];
  for (let i = 0; jar.has(`${name}.${i}`); i++) chunks.push(jar.get(`${name}.${i}`)!);
  return chunks.length ? chunks.join('') : undefined;
}

/** The session a Cookie header carries, at whatever stage, or null (no cookie, a bad one, an ended session). */
export async function sessionFromCookies(cookieHeader: string | undefined): Promise<SessionUser | null> {
  const name = authCookies(env.secureCookies).sessionToken.name;
  const token = cookieValue(cookieHeader, name);
  if (!token) return null;
  let sid: unknown;
  try {
    sid = (await decodeSessionToken({ token, secret: authSecret(), salt: name }))?.sid;
  } catch {
    return null; // not ours, tampered with, or made with a retired secret
  }
  return validateSession(sid);
}

/** The Gatehouse session of the browser of the current provider request (null outside one). */
export function browserSession(): Promise<SessionUser | null> {
  const current = store().getStore();
  if (!current) return Promise.resolve(null);
  current.session ??= sessionFromCookies(current.cookieHeader);
  return current.session;
}
