/**
 * Gatehouse as an OpenID Connect provider: panva's oidc-provider (OpenID Certified), set up
 * for the platform's applications and nothing more.
 *
 * - Issuer APP_URL/oidc; every URL it publishes is on APP_URL (the edge makes every request
 *   name APP_URL's host, and the provider trusts the scheme the edge hands it, see mount.ts).
 * - Authorization code flow only, PKCE (S256) required of every client, refresh tokens
 *   rotated at every use (a reused one revokes the whole grant), revocation, userinfo,
 *   RP-initiated and back-channel logout. No implicit flow, no development interactions, no
 *   dynamic registration: applications are registered by application managers (clients/).
 * - Sign-in happens on Gatehouse's own pages (interaction.ts); the provider session and every
 *   token live only as long as the Gatehouse session they were made under (adapter.ts).
 * - Claims: sub (opaque, subjects.ts), email, email_verified, name, locale, role, and amr and
 *   auth_time in the ID token. Scopes openid, email, profile and role.
 */
import 'server-only';
import { createHash, hkdfSync, timingSafeEqual } from 'node:crypto';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { env } from '@/lib/env';
import { authSecret } from '@/lib/security/secret';
import { answerHeaders, newNonce } from '@/lib/http/headers';
import { getDb } from '@/lib/db/client';
import { oidcBackchannelLogouts, oidcSubjects } from '@/lib/db/schema';
import { eq } from 'drizzle-orm';
import { drizzleAdapter } from './adapter';
import { browserSession } from './browser-session';
import { findAccount } from './find-account';
import { nudgeBackchannelWorker } from '@/lib/sessions/backchannel-nudge';
import { errorBody, escapeHtml, localeOf, renderPage, translator } from './pages';
import { signOutThroughApp } from './sign-out-through-app';
import type { KeySet } from './signing-keys';
import { loopbackLogoutAllowed } from './loopback';

export const OIDC_PATH = '/oidc';
export const INTERACTION_PATH = '/interaction';

export function issuer(): string {
  return `${env.APP_URL}${OIDC_PATH}`;
}

/** Scopes and the claims each one releases. */
export const CLAIMS = {
  // amr and auth_time (how and when the person signed in) ride with openid so they reach
  // every ID token; they are not among the person's claims, so userinfo never has them.
  openid: ['sub', 'amr', 'auth_time'],
  email: ['email', 'email_verified'],
  profile: ['name', 'locale'],
  role: ['role'],
  sid: null,
} as const;
export const SCOPES = ['openid', 'email', 'profile', 'role'] as const;

/** Lifetimes, in seconds. Sessions and refresh tokens last as long as the Gatehouse session does. */
export const TTL = {
  AccessToken: 10 * 60,
  AuthorizationCode: 60,
  IdToken: 10 * 60,
  Interaction: 60 * 60,
} as const;

/** Cookie names: `__Host-`/`__Secure-` over https (the interaction cookies have a path, so not __Host-). */
function cookieNames(secure: boolean) {
  return {
    session: `${secure ? '__Host-' : ''}gatehouse.oidc-session`,
    interaction: `${secure ? '__Secure-' : ''}gatehouse.oidc-interaction`,
    resume: `${secure ? '__Secure-' : ''}gatehouse.oidc-resume`,
  };
}

/**
 * The login prompt asks for Gatehouse's sign-in whenever the browser's own Gatehouse session
 * is not a complete one of the same person as the provider session: a provider session is
 * never a way round signing in to Gatehouse.
 */
function policy() {
  const base = interactionPolicy.base();
  const login = base.get('login')!;
  login.checks.add(
    new interactionPolicy.Check(
      'gatehouse_session',
      'a complete Gatehouse session of the same person is required',
      async (ctx) => {
        const session = await browserSession();
        if (!session || session.stage !== 'complete') return interactionPolicy.Check.REQUEST_PROMPT;
        const db = await getDb();
        const [owner] = await db
          .select({ subject: oidcSubjects.subject })
          .from(oidcSubjects)
          .where(eq(oidcSubjects.userId, session.userId));
        return owner?.subject === ctx.oidc.session?.accountId
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
    0,
  );
  return base;
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The page an application's logout leads to: sign out of Gatehouse (and every application), or stay. */
async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const locale = localeOf(ctx.headers as Record<string, string>);
  const t = translator(locale);
  const platform = env.PLATFORM_NAME;
  const client = ctx.oidc.client?.clientName;
  const redirect = ctx.oidc.params?.post_logout_redirect_uri;
  if (typeof redirect === 'string') allowFormTarget(ctx, redirect);
  ctx.type = 'html';
  ctx.body = renderPage({
    locale,
    title: t('logout.title', { platform }),
    body: `${form}
<p>${escapeHtml(client ? t('logout.intro', { client, platform }) : t('logout.introUnknown', { platform }))}</p>
<div class="form-links">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${escapeHtml(t('logout.confirm'))}</button>
<button type="submit" form="op.logoutForm" class="secondary">${escapeHtml(t('logout.stay'))}</button>
</div>`,
  });
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  const locale = localeOf(ctx.headers as Record<string, string>);
  const t = translator(locale);
  const platform = env.PLATFORM_NAME;
  const session = await browserSession();
  ctx.type = 'html';
  ctx.body = renderPage({
    locale,
    title: session ? t('loggedOut.stayed') : t('loggedOut.title'),
    body: session
      ? ''
      : `<p>${escapeHtml(t('loggedOut.body', { platform }))}</p>
<div class="form-links"><a href="/login">${escapeHtml(t('loggedOut.signInAgain'))}</a></div>`,
  });
}

async function renderError(ctx: KoaContextWithOIDC, out: { error: string }, error: Error): Promise<void> {
  if ((ctx.status ?? 500) >= 500) console.error(`[oidc] ${error.name}: ${error.message}`);
  const locale = localeOf(ctx.headers as Record<string, string>);
  const t = translator(locale);
  const code =
    out.error === 'invalid_request' &&
    /redirect_uri/.test(String((out as { error_description?: string }).error_description))
      ? 'invalid_redirect_uri'
      : out.error;
  ctx.type = 'html';
  ctx.body = renderPage({ locale, title: t('error.title'), body: errorBody(code, t) });
}

/**
 * A form on this page may lead the browser on to `target` (the application's address, after
 * the provider's redirects): Chromium checks form-action against every redirect of a form
 * submission, so the application's origin joins 'self' for this answer only.
 */
export function allowFormTarget(
  ctx: { response: { get(name: string): string }; set(name: string, value: string): void },
  target: string,
): void {
  let origin: string;
  try {
    origin = new URL(target).origin;
  } catch {
    return;
  }
  const csp = ctx.response.get('content-security-policy');
  if (csp && !/[\s;]/.test(origin))
    ctx.set('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${origin}`));
}

export interface BuiltProvider {
  provider: Provider;
  /** Sends one back-channel logout (the provider's own implementation, used by the queue's worker). */
  sendLogout(clientId: string, subject: string, sid: string | null): Promise<'sent' | 'client_gone'>;
  fingerprint: string;
}

export function buildProvider(keys: KeySet): BuiltProvider {
  const secure = env.secureCookies;
  const cookieKey = Buffer.from(hkdfSync('sha256', authSecret(), 'gatehouse', 'oidc-cookies', 32)).toString(
    'base64url',
  );
  const configuration: Configuration = {
    adapter: drizzleAdapter,
    jwks: { keys: keys.keys as never },
    findAccount,
    claims: CLAIMS as unknown as Configuration['claims'],
    scopes: [...SCOPES],
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'none'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_basic',
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256'],
      userinfoSigningAlgValues: ['RS256'],
      clientAuthSigningAlgValues: ['RS256'],
      requestObjectSigningAlgValues: ['RS256'],
    },
    extraClientMetadata: { properties: ['first_party'] },
    // Applications get the person's claims in the ID token as well as from userinfo.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
      dPoP: { enabled: false },
      claimsParameter: { enabled: false },
      introspection: { enabled: false },
      registration: { enabled: false },
    },
    // A refresh token is made for every client allowed the grant (no offline_access: tokens
    // live with the session), and replaced at every use.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    expiresWithSession: async () => true,
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false,
    cookies: {
      keys: [cookieKey],
      names: cookieNames(secure),
      long: { httpOnly: true, sameSite: 'lax', secure },
      short: { httpOnly: true, sameSite: 'lax', secure },
    },
    ttl: {
      AccessToken: TTL.AccessToken,
      AuthorizationCode: TTL.AuthorizationCode,
      IdToken: TTL.IdToken,
      Interaction: TTL.Interaction,
      Session: env.SESSION_MAX_HOURS * 3600,
      Grant: env.SESSION_MAX_HOURS * 3600,
      RefreshToken: env.SESSION_MAX_HOURS * 3600,
    },
    interactions: {
      url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}`,
      policy: policy(),
    },
    renderError: renderError as Configuration['renderError'],
    // Back-channel logouts go to the application's registered URI only. The provider refuses
    // loopback and private addresses; a URI listed in OIDC_LOOPBACK_LOGOUT_URIS (tests, a
    // laptop) is let through, and nothing else is (loopback.ts).
    fetch: (url, options) => {
      if (loopbackLogoutAllowed(String(url))) delete (options as { dispatcher?: unknown }).dispatcher;
      return fetch(url, options);
    },
  };
  const provider = new Provider(issuer(), configuration);
  // The edge hands the provider the scheme and host of APP_URL (mount.ts), never the client's.
  provider.proxy = true;

  // Client secrets are stored as their sha256 (client-metadata.ts): hash what the client
  // presents before comparing, in constant time. This is the provider's documented hook for it.
  provider.Client.prototype.compareClientSecret = async function compare(
    this: { clientSecret?: string },
    actual: string,
  ) {
    const expected = Buffer.from(this.clientSecret ?? '', 'hex');
    const presented = Buffer.from(sha256Hex(actual), 'hex');
    return expected.length === presented.length && timingSafeEqual(expected, presented);
  };

  // Every back-channel logout goes through the durable queue (deliver-backchannel-logouts.ts):
  // the provider sends one itself only once, with no retry. Its own call (an application's
  // logout, end_session) queues instead; the worker sends with the original.
  const send = provider.Client.prototype.backchannelLogout as (
    this: unknown,
    sub: string,
    sid: string,
  ) => Promise<void>;
  provider.Client.prototype.backchannelLogout = async function queue(
    this: { clientId: string },
    sub: string,
    sid: string,
  ) {
    const db = await getDb();
    await db
      .insert(oidcBackchannelLogouts)
      .values({ clientId: this.clientId, subject: sub, sid: sid ?? null, reason: 'app_logout' });
    nudgeBackchannelWorker();
  };

  // Headers every answer gets, set before the provider writes (its auto-submitting forms add
  // their script's hash to this policy), and one session: an application's logout that ended
  // the provider session signs the browser out of Gatehouse too, before the answer goes out.
  provider.use(async (ctx, next) => {
    for (const [name, value] of Object.entries(
      answerHeaders(ctx.path, newNonce(), { https: secure, development: env.NODE_ENV === 'development' }),
    ))
      ctx.set(name, value);
    await next();
    const oidc = (ctx as KoaContextWithOIDC).oidc;
    if (
      oidc?.route === 'end_session_confirm' &&
      ctx.status === 303 &&
      (oidc.session as { destroyed?: boolean } | undefined)?.destroyed
    ) {
      await signOutThroughApp({ clientId: oidc.client?.clientId ?? null, subject: oidc.session?.accountId });
    }
  });
  provider.on('server_error', (_ctx, err) => console.error(`[oidc] server error: ${err.message}`));

  return {
    provider,
    fingerprint: keys.fingerprint,
    async sendLogout(clientId, subject, sid) {
      const client = await provider.Client.find(clientId);
      if (!client?.backchannelLogoutUri) return 'client_gone';
      await send.call(client, subject, sid as string);
      return 'sent';
    },
  };
}
