/**
 * The interaction: a browser that is not signed in to Gatehouse is sent to /login with the
 * interaction as its callbackUrl (never given a code); one signed in goes straight through;
 * an unfinished sign-in (a code still owed) is not signed in; other applications than the
 * platform's own ask for consent, in the person's language, and a refusal goes back to the
 * application as access_denied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidcClient from 'openid-client';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, sessions } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { active } from '@/lib/test/factories';
import {
  authorize,
  registerClient,
  relyingParty,
  signIn,
  startProviderListener,
  TestBrowser,
  type Listener,
} from '@/lib/test/oidc';
import { continueCookie } from './continue-cookie';
import { oidcProvider } from './start';

const REDIRECT = 'https://partner.example.org/cb';
let listener: Listener;

beforeAll(async () => {
  listener = await startProviderListener();
  await oidcProvider();
});
afterAll(() => listener.close());

describe('the interaction', () => {
  it('sends a browser without a Gatehouse session to /login, remembering where to come back', async () => {
    const registered = await registerClient({ redirectUris: [REDIRECT], firstParty: true });
    const config = await relyingParty(listener, registered);
    const browser = new TestBrowser(listener);
    const { location } = await authorize(browser, config, { redirect_uri: REDIRECT });
    expect(location!.origin).toBe(env.APP_URL);
    expect(location!.pathname).toBe('/login');
    const back = location!.searchParams.get('callbackUrl')!;
    expect(back).toMatch(/^\/interaction\/[A-Za-z0-9_-]+$/);
    expect(continueCookie.read(browser.jar.get(continueCookie.name))).toBe(back);

    // Signed in now (what /login does): the same interaction finishes with a code.
    const person = await active('client');
    await signIn(browser, person.userId);
    const done = await browser.follow(back);
    expect(done.location!.origin + done.location!.pathname).toBe(REDIRECT);
    expect(done.location!.searchParams.get('code')).toBeTruthy();
  });

  it('does not count a sign-in that still owes its second step', async () => {
    const registered = await registerClient({ redirectUris: [REDIRECT], firstParty: true });
    const config = await relyingParty(listener, registered);
    const person = await active('client');
    const browser = new TestBrowser(listener);
    const sessionId = await signIn(browser, person.userId);
    const db = await getDb();
    await db.update(sessions).set({ twoStepPending: true }).where(eq(sessions.id, sessionId));
    const { location } = await authorize(browser, config, { redirect_uri: REDIRECT });
    expect(location!.pathname).toBe('/login');
  });

  it('an expired or unknown interaction is a clear page, not an error', async () => {
    const browser = new TestBrowser(listener);
    const response = await browser.request('/interaction/abcdefghijklmnopqrstu', {
      headers: { 'accept-language': 'nl' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('verlopen');
  });
});

describe('consent', () => {
  async function atConsent(locale = 'en') {
    const name = `Partner Diary ${Math.random().toString(36).slice(2, 8)}`;
    const registered = await registerClient({ name, redirectUris: [REDIRECT], firstParty: false });
    const config = await relyingParty(listener, registered);
    const person = await active('client');
    const browser = new TestBrowser(listener);
    await signIn(browser, person.userId);
    const start = await authorize(browser, config, { redirect_uri: REDIRECT, scope: 'openid email role' });
    return { registered, config, person, browser, start, locale, name };
  }

  it("asks a third-party application's consent, listing what it gets, in the person's language", async () => {
    const { browser, start, person, name } = await atConsent();
    expect(start.response.status).toBe(200);
    expect(start.url).toMatch(/\/interaction\/[^/]+$/);
    const html = await start.response.text();
    expect(html).toContain(`Allow ${name} to use your account?`);
    expect(html).toContain('your email address');
    expect(html).toContain('your role');
    expect(html).not.toContain('your name and language'); // profile was not asked for
    expect(html).toContain(person.email);
    expect(start.response.headers.get('content-security-policy')).toContain(
      "form-action 'self' https://partner.example.org",
    );
    const dutch = await browser.request(start.url, { headers: { 'accept-language': 'nl' } });
    expect(await dutch.text()).toContain(`Mag ${name} uw account gebruiken?`);
  });

  it('"Allow": the code comes, and the consent is audited', async () => {
    const { browser, start, config, person } = await atConsent();
    const answer = await browser.follow(`${start.url}/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: env.APP_URL },
      body: 'decision=allow',
    });
    expect(answer.location!.origin + answer.location!.pathname).toBe(REDIRECT);
    const tokens = await oidcClient.authorizationCodeGrant(config, answer.location!, {
      pkceCodeVerifier: start.verifier,
      expectedState: start.state,
    });
    expect(tokens.claims()!.email).toBe(person.email);
    const db = await getDb();
    const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, person.userId));
    expect(events.map((e) => e.action)).toContain('oidc.consent_given');
  });

  it('"Do not allow": back to the application with access_denied, and no code', async () => {
    const { browser, start } = await atConsent();
    const answer = await browser.follow(`${start.url}/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: env.APP_URL },
      body: 'decision=deny',
    });
    expect(answer.location!.searchParams.get('error')).toBe('access_denied');
    expect(answer.location!.searchParams.get('code')).toBeNull();
  });

  it('a consent answer from another site, or without a decision, changes nothing', async () => {
    const { browser, start, name } = await atConsent();
    const forged = await browser.request(`${start.url}/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example.net' },
      body: 'decision=allow',
    });
    expect(forged.status).toBe(403);
    const empty = await browser.request(`${start.url}/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: env.APP_URL },
      body: 'decision=maybe',
    });
    expect(empty.status).toBe(400);
    // Still at the question.
    const again = await browser.request(start.url);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(`Allow ${name}`);
  });
});
