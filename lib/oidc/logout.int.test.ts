/**
 * One session: every way a Gatehouse session ends ends the person's provider sessions,
 * revokes their refresh tokens and sends a back-channel logout (a verified logout token,
 * received by a real HTTP listener) to every application that registered for them, with
 * retries; an application's own logout (RP-initiated) signs the browser out of Gatehouse.
 * A deactivated person gets no new token by any route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidcClient from 'openid-client';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { oidcBackchannelLogouts, oidcPayloads, sessions } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { active, userRow } from '@/lib/test/factories';
import { OPERATOR } from '@/lib/accounts/actor';
import { deactivateAccount } from '@/lib/accounts/deactivate-account';
import { changePassword } from '@/lib/accounts/change-password';
import { resetPasswordWithLink } from '@/lib/accounts/reset-password';
import { signOutEverywhere } from '@/lib/accounts/sign-out-everywhere';
import { issueLink } from '@/lib/links/issue-link';
import { endSession } from '@/lib/sessions/end-session';
import {
  authorize,
  registerClient,
  relyingParty,
  signIn,
  startLogoutListener,
  startProviderListener,
  TestBrowser,
  type Listener,
} from '@/lib/test/oidc';
import { oidcProvider, startOidcWorkers } from './start';
import { deliverBackchannelLogouts } from './deliver-backchannel-logouts';

const REDIRECT = 'https://app.example.org/callback';
const AFTER_LOGOUT = 'https://app.example.org/signed-out';
let listener: Listener;
let logouts: Awaited<ReturnType<typeof startLogoutListener>>;
let stopWorkers: () => Promise<void>;

beforeAll(async () => {
  listener = await startProviderListener();
  await oidcProvider();
  logouts = await startLogoutListener(listener);
  // The one loopback URI this test may send logouts to (OIDC_LOOPBACK_LOGOUT_URIS).
  env.OIDC_LOOPBACK_LOGOUT_URIS.push(logouts.uri);
  stopWorkers = startOidcWorkers();
});
afterAll(async () => {
  await stopWorkers();
  await logouts.close();
  await listener.close();
});

/** A person signed in to Gatehouse and, through it, to two applications (one takes back-channel logouts). */
async function signedInToApps() {
  const person = await active('client');
  const listening = await registerClient({
    redirectUris: [REDIRECT],
    postLogoutRedirectUris: [AFTER_LOGOUT],
    backchannelLogoutUri: logouts.uri,
    firstParty: true,
  });
  const silent = await registerClient({ redirectUris: [REDIRECT], firstParty: true });
  const browser = new TestBrowser(listener);
  const sessionId = await signIn(browser, person.userId);
  const apps = [];
  for (const registered of [listening, silent]) {
    const config = await relyingParty(listener, registered);
    const { location, verifier, state } = await authorize(browser, config, { redirect_uri: REDIRECT });
    const tokens = await oidcClient.authorizationCodeGrant(config, location!, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    apps.push({ registered, config, tokens });
  }
  return { person, browser, sessionId, listening: apps[0]!, silent: apps[1]! };
}

/** What an application sees after the person was signed out: the logout token for it, and no more tokens. */
async function expectSignedOutEverywhere(setup: Awaited<ReturnType<typeof signedInToApps>>, before: number) {
  const tokens = await logouts.waitFor(before + 1);
  const token = tokens[tokens.length - 1]!;
  const idToken = setup.listening.tokens.claims()!;
  expect(token.aud).toBe(setup.listening.registered.clientId);
  expect(token.sub).toBe(idToken.sub);
  expect(token.sid).toBe(idToken.sid);
  for (const app of [setup.listening, setup.silent])
    await expect(oidcClient.refreshTokenGrant(app.config, app.tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  await expect(
    oidcClient.fetchUserInfo(setup.listening.config, setup.listening.tokens.access_token, idToken.sub!),
  ).rejects.toBeTruthy();
  const db = await getDb();
  const left = await db
    .select({ model: oidcPayloads.model })
    .from(oidcPayloads)
    .where(
      and(
        eq(oidcPayloads.accountId, idToken.sub!),
        sql`${oidcPayloads.model} in ('Session', 'RefreshToken', 'AccessToken', 'Grant')`,
      ),
    );
  expect(left).toEqual([]);
}

describe('back-channel logout after each way a session ends', () => {
  it('the ID token names the session (sid) for an application that takes back-channel logouts', async () => {
    const setup = await signedInToApps();
    expect(setup.listening.tokens.claims()!.sid).toBeTruthy();
  });

  it('1. signing out of Gatehouse', async () => {
    const setup = await signedInToApps();
    const before = logouts.received.length;
    await endSession(setup.sessionId, 'signed_out'); // what the sign-out button's next-auth event does
    await expectSignedOutEverywhere(setup, before);
  });

  it("2. the application's own logout (RP-initiated): asks, then signs the browser out of Gatehouse too", async () => {
    const setup = await signedInToApps();
    const before = logouts.received.length;
    // The silent application asks for the logout; the listening one hears about it.
    const endUrl = oidcClient.buildEndSessionUrl(setup.silent.config, {
      id_token_hint: setup.silent.tokens.id_token!,
      post_logout_redirect_uri: AFTER_LOGOUT,
      state: 'bye',
    });
    // AFTER_LOGOUT is not registered for the silent app: refused, nothing ended.
    const refused = await setup.browser.request(endUrl.href, { headers: { accept: 'text/html' } });
    expect(refused.status).toBe(400);
    const okUrl = oidcClient.buildEndSessionUrl(setup.listening.config, {
      id_token_hint: setup.listening.tokens.id_token!,
      post_logout_redirect_uri: AFTER_LOGOUT,
      state: 'bye',
    });
    const page = await setup.browser.request(okUrl.href, { headers: { 'accept-language': 'nl' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Uitloggen bij'); // in the person's language
    expect(page.headers.get('content-security-policy')).toContain(
      "form-action 'self' https://app.example.org",
    );
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const confirmed = await setup.browser.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: env.APP_URL },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(confirmed.status).toBe(303);
    const back = new URL(confirmed.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(AFTER_LOGOUT);
    expect(back.searchParams.get('state')).toBe('bye');
    await expectSignedOutEverywhere(setup, before);
    const db = await getDb();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, setup.sessionId));
    expect(row!.endedAt).not.toBeNull(); // one session: Gatehouse's ended with it
  });

  it('3. deactivation, and a deactivated person gets no new token by any route', async () => {
    const setup = await signedInToApps();
    const before = logouts.received.length;
    const result = await deactivateAccount({ account: { email: setup.person.email }, actor: OPERATOR });
    expect(result.ok).toBe(true);
    await expectSignedOutEverywhere(setup, before);
    // A new sign-in through the application: the browser's session is gone, so it goes to /login.
    const again = await authorize(setup.browser, setup.listening.config, { redirect_uri: REDIRECT });
    expect(again.location?.pathname).toBe('/login');
  });

  it('4a. a password change (the device it was made on stays signed in to Gatehouse)', async () => {
    const setup = await signedInToApps();
    const before = logouts.received.length;
    const user = await userRow(setup.person.userId);
    const changed = await changePassword({
      actor: { kind: 'user', id: user.id, role: user.role, name: user.name },
      sessionId: setup.sessionId,
      current: setup.person.password,
      next: 'a-brand-new-lantern-phrase-93',
    });
    expect(changed.ok).toBe(true);
    await expectSignedOutEverywhere(setup, before);
  });

  it('4b. a password reset', async () => {
    const setup = await signedInToApps();
    const before = logouts.received.length;
    const db = await getDb();
    const { token } = await db.transaction((tx) =>
      issueLink(tx, { userId: setup.person.userId, purpose: 'reset', sentTo: setup.person.email }),
    );
    const reset = await resetPasswordWithLink({ token, password: 'another-new-lantern-phrase-71' });
    expect(reset.ok).toBe(true);
    await expectSignedOutEverywhere(setup, before);
  });

  it('5. staff signing the person out everywhere', async () => {
    const setup = await signedInToApps();
    const before = logouts.received.length;
    const result = await signOutEverywhere({ userId: setup.person.userId, actor: OPERATOR });
    expect(result.ok).toBe(true);
    await expectSignedOutEverywhere(setup, before);
  });
});

describe('delivery', () => {
  it('is retried until the application answers, and recorded as sent', async () => {
    let refuse = 2;
    const flaky = await startLogoutListener(listener, { answer: () => (refuse-- > 0 ? 503 : 200) });
    env.OIDC_LOOPBACK_LOGOUT_URIS.push(flaky.uri);
    try {
      const person = await active('client');
      const registered = await registerClient({
        redirectUris: [REDIRECT],
        backchannelLogoutUri: flaky.uri,
        firstParty: true,
      });
      const config = await relyingParty(listener, registered);
      const browser = new TestBrowser(listener);
      const sessionId = await signIn(browser, person.userId);
      const { location, verifier, state } = await authorize(browser, config, { redirect_uri: REDIRECT });
      await oidcClient.authorizationCodeGrant(config, location!, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      await endSession(sessionId, 'signed_out');
      const db = await getDb();
      const { sendLogout } = await oidcProvider();
      // Twice refused (503): each time the row waits for its retry; bring the retry forward.
      for (let attempt = 0; attempt < 5 && flaky.received.length === 0; attempt++) {
        await db
          .update(oidcBackchannelLogouts)
          .set({ nextAttemptAt: sql`now()` })
          .where(eq(oidcBackchannelLogouts.clientId, registered.clientId));
        await deliverBackchannelLogouts(sendLogout);
      }
      await flaky.waitFor(1);
      const [row] = await db
        .select()
        .from(oidcBackchannelLogouts)
        .where(eq(oidcBackchannelLogouts.clientId, registered.clientId));
      expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    } finally {
      await flaky.close();
    }
  });

  it('never reaches a loopback address that is not listed, however it is registered', async () => {
    const unlisted = await startLogoutListener(listener);
    try {
      const person = await active('client');
      const registered = await registerClient({
        redirectUris: [REDIRECT],
        backchannelLogoutUri: unlisted.uri,
        firstParty: true,
      });
      const config = await relyingParty(listener, registered);
      const browser = new TestBrowser(listener);
      const sessionId = await signIn(browser, person.userId);
      const { location, verifier, state } = await authorize(browser, config, { redirect_uri: REDIRECT });
      await oidcClient.authorizationCodeGrant(config, location!, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      await endSession(sessionId, 'signed_out');
      const { sendLogout } = await oidcProvider();
      await deliverBackchannelLogouts(sendLogout);
      const db = await getDb();
      const [row] = await db
        .select()
        .from(oidcBackchannelLogouts)
        .where(eq(oidcBackchannelLogouts.clientId, registered.clientId));
      expect(row!.status).toBe('retrying');
      expect(unlisted.received).toHaveLength(0);
    } finally {
      await unlisted.close();
    }
  });
});
