/**
 * The end of a password sign-in (the /login form's route): the cookie names the session
 * verify-credentials made, in next-auth's own token format, and the destination is the
 * person's page, their safe callbackUrl, or the step a sign-in still owes.
 */
import { describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { authSecret } from '@/lib/security/secret';
import { active, GOOD_PASSWORD } from '@/lib/test/factories';
import { validateSession } from '@/lib/sessions/validate-session';
import { authCookies } from './cookies';
import { finishSignIn } from './finish-sign-in';
import { decodeSessionToken } from './session-token';
import { verifyCredentials } from './verify-credentials';

async function signedIn(role: 'client' | 'helpdesk') {
  const person = await active(role);
  const result = await verifyCredentials({ email: person.email, password: GOOD_PASSWORD });
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return { ...result, browserToken: undefined };
}

describe('finishing a sign-in', () => {
  it("sets next-auth's session cookie naming the new session, at the stage the session row has", async () => {
    for (const role of ['client', 'helpdesk'] as const) {
      const result = await signedIn(role);
      // The stage sign-in reports is the one every later request reads from the row.
      expect((await validateSession(result.sessionId))?.stage).toBe(result.stage);
      const { cookie } = await finishSignIn(result);
      const { name, options } = authCookies(env.secureCookies).sessionToken;
      expect(cookie.name).toBe(name);
      expect(cookie.options).toMatchObject({ ...options, maxAge: env.SESSION_MAX_HOURS * 3600 });
      const token = await decodeSessionToken({ token: cookie.value, secret: authSecret(), salt: name });
      expect(token?.sid).toBe(result.sessionId);
    }
  });

  it('sends a finished sign-in to its callbackUrl when on this platform, else home by role', async () => {
    const client = await signedIn('client');
    const complete = { ...client, stage: 'complete' as const };
    expect((await finishSignIn(complete)).destination).toBe('/account');
    expect((await finishSignIn({ ...complete, role: 'helpdesk' })).destination).toBe('/admin');
    expect((await finishSignIn({ ...complete, callbackUrl: '/interaction/abcdefghij12' })).destination).toBe(
      '/interaction/abcdefghij12',
    );
    expect((await finishSignIn({ ...complete, callbackUrl: `${env.APP_URL}/help` })).destination).toBe(
      '/help',
    );
    for (const callbackUrl of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)'])
      expect((await finishSignIn({ ...complete, callbackUrl })).destination).toBe('/account');
  });

  it('sends an unfinished sign-in to the step it owes, whatever it was asked for', async () => {
    const client = await signedIn('client');
    expect((await finishSignIn({ ...client, stage: 'code', callbackUrl: '/help' })).destination).toBe(
      '/login/code',
    );
    expect((await finishSignIn({ ...client, stage: 'enrol', callbackUrl: '/help' })).destination).toBe(
      '/account/two-step',
    );
  });
});
