/**
 * Passkeys in the production shape (issue 28): https through nginx to two instances. A
 * person adds a passkey on /account and signs in with it, the challenge made by one instance
 * and the answer checked by the other (challenges are sealed with the shared secret and
 * spent in PostgreSQL, so either instance can check either's). The relying party is the
 * public https address, not an instance's own.
 */
import { addVirtualAuthenticator, withoutPasskeyAutofill } from '../support/virtual-authenticator';
import {
  accessLog,
  activeAccount,
  expect,
  INSTANCES,
  nextRequestTo,
  signIn,
  test,
} from '../support/production';

test('a passkey added through nginx signs in with its challenge made on one instance and answered on the other', async ({
  page,
  newWatchedContext,
}) => {
  const person = await activeAccount(page, 'client', 'Paula Productie');
  await page.context().clearCookies();

  // Added on /account (a browser without autofill: only buttons ask).
  const laptop = await newWatchedContext();
  await laptop.addInitScript(withoutPasskeyAutofill);
  const tab = await laptop.newPage();
  const authenticator = await addVirtualAuthenticator(tab);
  await signIn(tab, person.email, person.password);
  await expect(tab).toHaveURL(/\/account$/);
  const passkeys = tab.getByRole('region', { name: 'Passkeys' });
  await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(passkeys.getByRole('status')).toContainText(/Passkey “.+” added/);
  const [credential] = await authenticator.credentials();
  expect(credential!.rpId).toBe('localhost');
  await tab.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(tab).toHaveURL(/\/login/);

  // "Use a passkey" posts twice to /login (server actions): the challenge, then the answer.
  // The answer is held until nginx's next request is sure to go to the other instance.
  await expect(tab.getByRole('button', { name: 'Use a passkey' })).toBeVisible();
  const since = accessLog().length;
  const loginPosts = () =>
    accessLog()
      .slice(since)
      .filter((s) => s.method === 'POST' && s.uri.startsWith('/login'));
  let posts = 0;
  await tab.route('**/login*', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posts += 1;
    if (posts === 2) {
      const [challenge] = loginPosts();
      expect(challenge, 'the challenge request in nginx’s log').toBeTruthy();
      await nextRequestTo(INSTANCES.find((i) => i !== challenge!.upstream)!);
    }
    await route.continue();
  });
  await tab.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(tab).toHaveURL(/\/account$/);
  await expect(tab.getByRole('heading', { level: 1 })).toBeVisible();
  const [challenge, answer] = loginPosts();
  expect(challenge!.status).toBe(200);
  expect(answer!.status).toBeLessThan(400);
  expect(answer!.upstream).not.toBe(challenge!.upstream);
  // The passkey was used: its counter moved on.
  expect((await authenticator.credentials())[0]!.signCount).toBeGreaterThan(credential!.signCount);
});
