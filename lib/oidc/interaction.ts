/**
 * The provider's interaction: where the browser goes when an application asks Gatehouse to
 * sign a person in (GET /interaction/<uid>), and the consent answer (POST
 * /interaction/<uid>/consent).
 *
 * Sign-in is Gatehouse's own: a browser without a complete Gatehouse session is sent to
 * /login with this interaction as its callbackUrl (and through two-step, for staff), so
 * every rule of signing in holds (generic errors, throttling, the deactivated message,
 * two-step). A person signed in already goes straight through. The platform's own
 * applications (first party) are not asked for consent; others get a consent page.
 */
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { and, eq, sql } from 'drizzle-orm';
import type Provider from 'oidc-provider';
import { getDb } from '@/lib/db/client';
import { sessions, users } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { recordAudit } from '@/lib/audit/record';
import { isCrossSiteWrite, crossSiteRefusal } from '@/lib/http/origin-check';
import { answerHeaders, newNonce } from '@/lib/http/headers';
import type { SessionUser } from '@/lib/sessions/validate-session';
import { cookieValue, sessionFromCookies } from './browser-session';
import { subjectFor } from './subjects';
import { continueCookie } from './continue-cookie';
import { errorBody, escapeHtml, localeOf, renderPage, translator, type Translate } from './pages';
import { INTERACTION_PATH } from './provider';

const UID = /^[A-Za-z0-9_-]{10,64}$/;

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

function headersFor(path: string, formTarget?: string): Record<string, string> {
  const headers = answerHeaders(path, newNonce(), {
    https: env.secureCookies,
    development: env.NODE_ENV === 'development',
  });
  if (formTarget) {
    // The consent form's answer leads the browser on to the application (Chromium checks
    // form-action against the redirects that follow a form submission).
    try {
      const origin = new URL(formTarget).origin;
      headers['Content-Security-Policy'] = headers['Content-Security-Policy']!.replace(
        "form-action 'self'",
        `form-action 'self' ${origin}`,
      );
    } catch {
      // not a URL: keep 'self' only
    }
  }
  return headers;
}

function sendPage(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  page: { title: string; body: string; locale: ReturnType<typeof localeOf> },
  formTarget?: string,
): void {
  res.writeHead(status, {
    ...headersFor(req.url!.split('?')[0]!, formTarget),
    'content-type': 'text/html; charset=utf-8',
  });
  res.end(req.method === 'HEAD' ? undefined : renderPage(page));
}

function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  saved?: string | null,
): void {
  const locale = localeOf(req.headers as Record<string, string>, saved);
  const t = translator(locale);
  sendPage(req, res, status, { locale, title: t('error.title'), body: errorBody(code, t) });
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(303, {
    location: new URL(location, env.APP_URL).href,
    'cache-control': 'no-store',
    ...(cookies.length ? { 'set-cookie': cookies } : {}),
  });
  res.end();
}

/** The interaction this request is about, when the browser's interaction cookie names it; null otherwise. */
async function detailsFor(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
): Promise<Details | null> {
  try {
    const details = await provider.interactionDetails(req, res);
    return details.uid === uid ? details : null;
  } catch {
    return null; // no cookie, expired, finished, or its provider session is gone
  }
}

/** How the person signed in this session: when, and with which factors. */
async function signInFacts(session: SessionUser): Promise<{ ts: number; amr: string[] }> {
  const db = await getDb();
  const [row] = await db
    .select({
      at: sql<Date>`coalesce(${sessions.reauthenticatedAt}, ${sessions.createdAt})`,
      twoStepOn: sql<boolean>`${users.twoStepEnabledAt} is not null`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, session.sessionId)));
  const at = row ? new Date(row.at) : new Date();
  // pwd: a password; otp: a code from an authenticator app (every complete session of a
  // person with two-step on passed it); mfa: more than one factor.
  return { ts: Math.floor(at.getTime() / 1000), amr: row?.twoStepOn ? ['pwd', 'otp', 'mfa'] : ['pwd'] };
}

const SCOPE_TEXT = ['openid', 'email', 'profile', 'role'] as const;

function consentBody(input: {
  uid: string;
  client: string;
  firstParty: boolean;
  scopes: string[];
  person: SessionUser;
  t: Translate;
}): string {
  const { t, client } = input;
  const platform = env.PLATFORM_NAME;
  const items = SCOPE_TEXT.filter((s) => input.scopes.includes(s))
    .map((s) => `<li>${escapeHtml(t(`consent.scope.${s}`, { platform }))}</li>`)
    .join('');
  return `<p>${escapeHtml(t('consent.intro', { client, platform }))}</p>
<ul>${items}</ul>
${input.firstParty ? '' : `<div class="alert alert-info" role="note"><p>${escapeHtml(t('consent.thirdParty', { client, platform }))}</p></div>`}
<p>${escapeHtml(t('consent.signedInAs', { name: input.person.name, email: input.person.email }))}</p>
<form method="post" action="${INTERACTION_PATH}/${escapeHtml(input.uid)}/consent">
<div class="form-links">
<button type="submit" name="decision" value="allow">${escapeHtml(t('consent.allow'))}</button>
<button type="submit" name="decision" value="deny" class="secondary">${escapeHtml(t('consent.deny'))}</button>
</div>
</form>
<p class="hint">${escapeHtml(t('consent.later'))}</p>`;
}

/** Gives the client everything it asked for (first-party clients, or after "Allow"): the grant the provider issues against. */
async function grantRequested(provider: Provider, details: Details, subject: string): Promise<string> {
  const { prompt, params } = details;
  const grant = details.grantId
    ? ((await provider.Grant.find(details.grantId)) ??
      new provider.Grant({ accountId: subject, clientId: String(params.client_id) }))
    : new provider.Grant({ accountId: subject, clientId: String(params.client_id) });
  const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
  return grant.save();
}

async function readForm(req: IncomingMessage, limit = 4096): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Answers a request under /interaction/. Every path of it ends in a page, a redirect or a 4xx. */
export async function answerInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = req.url!.split('?')[0]!;
  const [, , uid, action, ...rest] = path.split('/');
  const method = req.method ?? 'GET';
  if (!uid || !UID.test(uid) || rest.length || (action !== undefined && action !== 'consent')) {
    req.resume();
    return sendError(req, res, 404, 'expired');
  }
  if (action === 'consent' ? method !== 'POST' : method !== 'GET' && method !== 'HEAD') {
    req.resume();
    res.writeHead(405, {
      allow: action === 'consent' ? 'POST' : 'GET, HEAD',
      'content-type': 'text/plain; charset=utf-8',
    });
    return void res.end('Method not allowed.');
  }
  if (method === 'POST') {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
    if (isCrossSiteWrite({ method, headers }, [env.APP_URL])) {
      req.resume();
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(crossSiteRefusal(env.APP_URL));
    }
  }

  const details = await detailsFor(provider, req, res, uid);
  if (!details) {
    req.resume();
    return sendError(req, res, 400, 'expired');
  }
  const person = await sessionFromCookies(req.headers.cookie);
  if (!person || person.stage !== 'complete') {
    // Not signed in to Gatehouse (or not finished: the sign-in page sends an unfinished one
    // to its next step). Sign in, then come back here; remembered for links that end the
    // sign-in elsewhere (welcome, reset), see continue-cookie.ts.
    req.resume();
    const back = `${INTERACTION_PATH}/${uid}`;
    return redirect(res, `/login?callbackUrl=${encodeURIComponent(back)}`, [continueCookie.set(back)]);
  }
  // Signed in: the way back here is no longer needed (every answer below goes on from here).
  if (continueCookie.read(cookieValue(req.headers.cookie, continueCookie.name)))
    res.appendHeader('set-cookie', continueCookie.clear());
  const subject = await subjectFor(person.userId);
  const clientId = String(details.params.client_id);
  const client = await provider.Client.find(clientId);
  if (!client) {
    req.resume();
    return sendError(req, res, 400, 'invalid_client', person.locale);
  }
  const clientName = client.clientName ?? clientId;
  const firstParty = (client.metadata() as { first_party?: boolean }).first_party === true;
  const db = await getDb();

  if (details.prompt.name === 'login') {
    // The provider session belongs to someone else than the person signed in to Gatehouse
    // now: the provider signs the old one out first (resume), then asks again.
    const facts = await signInFacts(person);
    req.resume();
    await recordAudit(db, {
      action: 'oidc.app_sign_in',
      actorId: person.userId,
      targetId: person.userId,
      details: { clientId },
    });
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: subject, ts: facts.ts, amr: facts.amr, remember: true } },
      { mergeWithLastSubmission: false },
    );
  }

  if (details.prompt.name !== 'consent' || details.session?.accountId !== subject) {
    // Another prompt than the two we answer, or the consent question of someone else.
    req.resume();
    return redirect(res, `/oidc/auth/${uid}`);
  }

  if (firstParty || method === 'POST') {
    let allowed = firstParty;
    if (!firstParty) {
      const form = await readForm(req);
      const decision = form?.get('decision');
      if (decision !== 'allow' && decision !== 'deny')
        return sendError(req, res, 400, 'invalid_request', person.locale);
      allowed = decision === 'allow';
    } else req.resume();
    if (!allowed) {
      await recordAudit(db, {
        action: 'oidc.consent_refused',
        actorId: person.userId,
        targetId: person.userId,
        details: { clientId },
      });
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'the person did not allow it' },
        { mergeWithLastSubmission: false },
      );
    }
    const grantId = await grantRequested(provider, details, subject);
    if (!firstParty)
      await recordAudit(db, {
        action: 'oidc.consent_given',
        actorId: person.userId,
        targetId: person.userId,
        details: { clientId, scope: String(details.params.scope ?? '') },
      });
    return provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  const locale = localeOf(req.headers as Record<string, string>, person.locale);
  const t = translator(locale);
  const scopes = String(details.params.scope ?? '').split(' ');
  return sendPage(
    req,
    res,
    200,
    {
      locale,
      title: t('consent.title', { client: clientName }),
      body: consentBody({ uid, client: clientName, firstParty, scopes, person, t }),
    },
    String(details.params.redirect_uri ?? ''),
  );
}
