import { describe, expect, it } from 'vitest';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { active, GOOD_PASSWORD } from '@/lib/test/factories';
import { sinceLastVisit, UNUSUAL_FAILURES } from './since-last-visit';

async function signIn(email: string) {
  const result = await verifyCredentials({ email, password: GOOD_PASSWORD });
  if (!result.ok) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
  return result.sessionId;
}

describe('since your last visit', () => {
  it('counts the failed sign-ins between the previous sign-in and this one', async () => {
    const person = await active();
    const first = await signIn(person.email);
    expect(await sinceLastVisit(first)).toEqual({ previousSignInAt: null, failedSince: 0, unusual: false });

    await verifyCredentials({ email: person.email, password: 'not-the-password-1' });
    const second = await signIn(person.email);
    const afterOne = await sinceLastVisit(second);
    expect(afterOne).toMatchObject({ failedSince: 1, unusual: false });
    expect(afterOne!.previousSignInAt).toBeInstanceOf(Date);

    // The failures before the previous sign-in are not counted again; these are.
    for (let i = 0; i < UNUSUAL_FAILURES; i++)
      await verifyCredentials({ email: person.email, password: `wrong-guess-${i}` });
    const third = await signIn(person.email);
    const afterMany = await sinceLastVisit(third);
    expect(afterMany).toMatchObject({ failedSince: UNUSUAL_FAILURES, unusual: true });
    expect(afterMany!.previousSignInAt!.getTime()).toBeGreaterThan(afterOne!.previousSignInAt!.getTime());
    // The earlier session still reads its own window.
    expect(await sinceLastVisit(second)).toMatchObject({ failedSince: 1 });
  });

  it('knows no session it was not given', async () => {
    expect(await sinceLastVisit('00000000-0000-0000-0000-000000000000')).toBeNull();
  });
});
