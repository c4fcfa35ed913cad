/**
 * A small application that signs people in through Gatehouse, as a platform app would:
 * openid-client 6 (OpenID Certified), authorization code flow with PKCE, the ID token's
 * claims shown as "Signed in as …", sign-out through Gatehouse (RP-initiated logout), and a
 * back-channel logout endpoint that ends the local session when Gatehouse says so.
 *
 * Sessions are kept in memory: this is an example, not a framework. server.ts runs it; the
 * browser tests (e2e/oidc) start it in their own process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { createRemoteJWKSet, customFetch, jwtVerify, type JWTPayload } from 'jose';

export interface RelyingPartyOptions {
  /** Gatehouse's issuer, e.g. http://localhost:3000/oidc */
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  /** This application's own address (its redirect URI is `${baseUrl}/callback`). */
  baseUrl: string;
  port: number;
  scope?: string;
  /** How to reach Gatehouse (tests: a fetch that accepts their self-signed certificate). */
  fetch?: client.CustomFetch;
}

interface Session {
  claims: JWTPayload;
  idToken: string;
  sid?: string;
}

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
}

const COOKIE = 'example_rp';

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function escape(text: unknown): string {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startRelyingParty(options: RelyingPartyOptions) {
  const issuer = new URL(options.issuer);
  const config = await client.discovery(
    issuer,
    options.clientId,
    undefined,
    options.clientSecret ? client.ClientSecretBasic(options.clientSecret) : client.None(),
    {
      // Plain http is allowed for an issuer on this machine only (the embedded quick start).
      execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      ...(options.fetch ? { [client.customFetch]: options.fetch } : {}),
    },
  );
  if (options.fetch) config[client.customFetch] = options.fetch;
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!), {
    ...(options.fetch ? { [customFetch]: options.fetch as never } : {}),
  });
  const sessions = new Map<string, Session>();
  const pending = new Map<string, Pending>();
  /** Every verified back-channel logout token received (the tests read it). */
  const logoutTokens: JWTPayload[] = [];
  const redirectUri = `${options.baseUrl}/callback`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', options.baseUrl);
    const sessionKey = cookie(req, COOKIE);
    const session = sessionKey ? sessions.get(sessionKey) : undefined;

    if (req.method === 'GET' && url.pathname === '/') {
      if (!session)
        return page(
          res,
          200,
          'Example app',
          `<p>Not signed in.</p><p><a href="/login">Sign in with Gatehouse</a></p>`,
        );
      const rows = Object.entries(session.claims)
        .map(([k, v]) => `<tr><th scope="row">${escape(k)}</th><td>${escape(JSON.stringify(v))}</td></tr>`)
        .join('');
      return page(
        res,
        200,
        'Example app',
        `<p role="status">Signed in as ${escape(session.claims.name)} (${escape(session.claims.email)})</p>
<table><caption>Claims in the ID token</caption>${rows}</table>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`,
      );
    }

    if (req.method === 'GET' && url.pathname === '/login') {
      const flow: Pending = {
        verifier: client.randomPKCECodeVerifier(),
        state: client.randomState(),
        nonce: client.randomNonce(),
      };
      const key = randomBytes(16).toString('base64url');
      pending.set(key, flow);
      const target = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: options.scope ?? 'openid email profile role',
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      res.writeHead(303, {
        location: target.href,
        'set-cookie': `${COOKIE}_flow=${key}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600`,
      });
      return void res.end();
    }

    if (req.method === 'GET' && url.pathname === '/callback') {
      const key = cookie(req, `${COOKIE}_flow`);
      const flow = key ? pending.get(key) : undefined;
      if (!flow) return page(res, 400, 'Sign-in failed', '<p>This sign-in was not started here.</p>');
      pending.delete(key!);
      if (url.searchParams.get('error'))
        return page(res, 400, 'Sign-in failed', `<p>${escape(url.searchParams.get('error'))}</p>`);
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        return page(res, 400, 'Sign-in failed', `<p>${escape((err as Error).message)}</p>`);
      }
      const claims = tokens.claims()!;
      const sessionId = randomBytes(24).toString('base64url');
      sessions.set(sessionId, { claims, idToken: tokens.id_token!, sid: claims.sid as string | undefined });
      res.writeHead(303, {
        location: '/',
        'set-cookie': [
          `${COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax`,
          `${COOKIE}_flow=; Path=/; Max-Age=0`,
        ],
      });
      return void res.end();
    }

    if (req.method === 'POST' && url.pathname === '/logout') {
      if (sessionKey) sessions.delete(sessionKey);
      // Sign out of Gatehouse too (it asks the person, then comes back here).
      const target = session
        ? client.buildEndSessionUrl(config, {
            id_token_hint: session.idToken,
            post_logout_redirect_uri: `${options.baseUrl}/`,
          }).href
        : '/';
      res.writeHead(303, { location: target, 'set-cookie': `${COOKIE}=; Path=/; Max-Age=0` });
      return void res.end();
    }

    if (req.method === 'POST' && url.pathname === '/backchannel-logout') {
      const token = new URLSearchParams(await readBody(req)).get('logout_token') ?? '';
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: config.serverMetadata().issuer,
          audience: options.clientId,
          typ: 'logout+jwt',
        });
        const events = payload.events as Record<string, unknown> | undefined;
        if (!events?.['http://schemas.openid.net/event/backchannel-logout'])
          throw new Error('no logout event');
        // End every local session of this person (or of this one Gatehouse session, when named).
        for (const [key, s] of sessions)
          if (s.claims.sub === payload.sub && (!payload.sid || !s.sid || s.sid === payload.sid))
            sessions.delete(key);
        logoutTokens.push(payload);
        res.writeHead(200, { 'cache-control': 'no-store' });
        return void res.end();
      } catch {
        res.writeHead(400);
        return void res.end();
      }
    }

    page(res, 404, 'Not found', '');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) page(res, 500, 'Error', `<p>${escape(err.message)}</p>`);
    });
  });
  // Every interface: a browser may reach localhost over IPv6 or IPv4.
  await new Promise<void>((resolve) => server.listen(options.port, resolve));
  return {
    redirectUri,
    logoutTokens,
    signedIn: () => sessions.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
