/**
 * Test kit for the OpenID Connect provider: the provider's Node handler on a real HTTP
 * listener (as the edge mounts it), a browser stand-in that keeps cookies and follows
 * redirects one by one, a signed-in Gatehouse session as a real session cookie, openid-client
 * (a certified relying-party library) pointed at the listener, and a real HTTP listener that
 * receives back-channel logouts and verifies their tokens.
 *
 * The app's address in integration tests is APP_URL (http://localhost:3999, not listening):
 * every URL the provider hands out is on it, and the kit sends what is addressed there to the
 * listener instead, exactly as a reverse proxy would.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidcClient from 'openid-client';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { env } from '@/lib/env';
import { authCookies } from '@/lib/auth/cookies';
import { authSecret } from '@/lib/security/secret';
import { encodeSessionToken } from '@/lib/auth/session-token';
import { startSession } from '@/lib/sessions/start-session';
import { userRow } from '@/lib/test/factories';
import { answerOidcRequest } from '@/lib/oidc/start';
import { addClient } from '@/lib/oidc/clients/add-client';
import type { ClientInput } from '@/lib/oidc/clients/client-input';
import { OPERATOR } from '@/lib/accounts/actor';

export interface Listener {
  origin: string;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** The provider's Node handler on a real listener; anything else answers 404 (Next's part, absent here). */
export async function startProviderListener(): Promise<Listener> {
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/oidc/') || url.startsWith('/interaction/')) {
      answerOidcRequest(req, res).catch((err: Error) => {
        console.error(err);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not the provider');
  });
  return { origin: await listen(server), close: closer(server) };
}

/** Sends what is addressed to APP_URL to the listener. */
export function toListener(listener: Listener, url: string | URL): string {
  const u = new URL(url);
  if (u.origin !== env.APP_URL) return u.href;
  return `${listener.origin}${u.pathname}${u.search}`;
}

/** A browser stand-in: a cookie jar and one request at a time, redirects followed by hand. */
export class TestBrowser {
  readonly jar = new Map<string, string>();
  constructor(private readonly listener: Listener) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  setCookie(name: string, value: string): void {
    this.jar.set(name, value);
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /** One request (no redirect followed), on APP_URL's address. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size) headers.set('cookie', this.cookieHeader());
    const response = await fetch(toListener(this.listener, new URL(url, env.APP_URL)), {
      ...init,
      headers,
      redirect: 'manual',
    });
    this.keep(response);
    return response;
  }

  /**
   * Follows redirects from `url` until an answer is not a redirect, or a redirect leaves
   * APP_URL (to an application: returned, not followed) or reaches a path of Gatehouse's pages
   * outside the provider (e.g. /login: returned). Returns the last response and its URL.
   */
  async follow(
    url: string,
    init: RequestInit = {},
  ): Promise<{ response: Response; url: string; location?: URL }> {
    let current = new URL(url, env.APP_URL).href;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current };
      const next = new URL(location, current);
      if (next.origin !== env.APP_URL || !/^\/(oidc|interaction)\//.test(next.pathname))
        return { response, url: current, location: next };
      current = next.href;
      response = await this.request(current);
    }
    throw new Error('too many redirects');
  }
}

/** A complete Gatehouse session for an active account, as the browser's session cookie. */
export async function signIn(browser: TestBrowser, userId: string): Promise<string> {
  const user = await userRow(userId);
  const sessionId = await startSession({ userId, sessionVersion: user.sessionVersion });
  const name = authCookies(env.secureCookies).sessionToken.name;
  const token = await encodeSessionToken({
    token: { sid: sessionId },
    secret: authSecret(),
    salt: name,
    maxAge: 3600,
  });
  browser.setCookie(name, token);
  return sessionId;
}

/** Registers an application through the same operation as the console and the command line. */
export async function registerClient(client: Partial<ClientInput> & { redirectUris: string[] }) {
  const result = await addClient({
    client: { name: `App ${Math.random().toString(36).slice(2, 10)}`, ...client },
    actor: OPERATOR,
  });
  if (!result.ok) throw new Error(`addClient: ${JSON.stringify(result)}`);
  return result;
}

/** openid-client, configured from discovery, talking to the listener. */
export async function relyingParty(
  listener: Listener,
  client: { clientId: string; clientSecret: string | null },
): Promise<oidcClient.Configuration> {
  const fetchVia: oidcClient.CustomFetch = (url, options) =>
    fetch(toListener(listener, url), options as RequestInit);
  const config = await oidcClient.discovery(
    new URL(`${env.APP_URL}/oidc`),
    client.clientId,
    undefined,
    client.clientSecret ? oidcClient.ClientSecretBasic(client.clientSecret) : oidcClient.None(),
    { execute: [oidcClient.allowInsecureRequests], [oidcClient.customFetch]: fetchVia },
  );
  config[oidcClient.customFetch] = fetchVia;
  return config;
}

/** A whole sign-in to an application with a browser that is signed in to Gatehouse: the code and its PKCE verifier. */
export async function authorize(
  browser: TestBrowser,
  config: oidcClient.Configuration,
  params: { redirect_uri: string; scope?: string; [k: string]: string | undefined },
) {
  const verifier = oidcClient.randomPKCECodeVerifier();
  const state = oidcClient.randomState();
  const url = oidcClient.buildAuthorizationUrl(config, {
    scope: 'openid email profile role',
    code_challenge: await oidcClient.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >),
  });
  const end = await browser.follow(url.href);
  return { ...end, verifier, state };
}

/** A real HTTP listener for back-channel logouts: keeps every logout token it receives, verified. */
export async function startLogoutListener(provider: Listener, options: { answer?: () => number } = {}) {
  const received: { raw: string; claims: JWTPayload | null; error?: string }[] = [];
  let waiters: (() => void)[] = [];
  // The keys as an application fetches them, from the provider's published JWKS.
  const jwks = createRemoteJWKSet(new URL(`${provider.origin}/oidc/jwks`), { cooldownDuration: 0 });
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = options.answer?.() ?? 200;
      const token = new URLSearchParams(Buffer.concat(chunks).toString()).get('logout_token') ?? '';
      res.writeHead(status);
      res.end();
      if (status !== 200) return;
      received.push({ raw: token, claims: null });
      const entry = received[received.length - 1]!;
      void verify(token)
        .then((claims) => (entry.claims = claims))
        .catch((err: Error) => (entry.error = err.message))
        .finally(() => {
          const ws = waiters;
          waiters = [];
          ws.forEach((w) => w());
        });
    });
  });
  async function verify(token: string): Promise<JWTPayload> {
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: `${env.APP_URL}/oidc`,
      typ: 'logout+jwt',
    });
    if (protectedHeader.alg !== 'RS256') throw new Error(`alg ${protectedHeader.alg}`);
    const events = payload.events as Record<string, unknown> | undefined;
    if (!events?.['http://schemas.openid.net/event/backchannel-logout']) throw new Error('no logout event');
    if ('nonce' in payload) throw new Error('a logout token must not carry a nonce');
    return payload;
  }
  const origin = await listen(server);
  return {
    uri: `${origin}/backchannel-logout`,
    received,
    /** Waits until `count` verified tokens arrived (or fails after `ms`). */
    async waitFor(count: number, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (received.filter((r) => r.claims).length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `expected ${count} logout tokens, got ${JSON.stringify(received.map((r) => r.error ?? 'ok'))}`,
          );
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return received.filter((r) => r.claims).map((r) => r.claims!);
    },
    close: closer(server),
  };
}
