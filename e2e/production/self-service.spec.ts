/**
 * Self-service (issue 29) in the production shape: https through nginx to two instances.
 */
import { PROD_APP_ENV } from './prod-env';
import { PROD_ORIGIN } from '../support/ports';
import {
  accessLog,
  activeAccount,
  expect,
  INSTANCES,
  nextRequestTo,
  signIn,
  test,
} from '../support/production';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

test('security.txt and change-password through nginx: configured, on the https address', async ({
  request,
}) => {
  for (let i = 0; i < 2; i++) {
    // Twice: nginx takes turns, so both instances answer.
    const answer = await request.get('/.well-known/security.txt');
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.headers()['strict-transport-security']).toBeTruthy();
    expect(await answer.text()).toBe(
      [
        'Contact: mailto:security@example.org',
        'Contact: https://example.org/report',
        `Expires: ${PROD_APP_ENV.SECURITY_TXT_EXPIRES}T23:59:59Z`,
        'Preferred-Languages: en, nl',
        `Canonical: ${PROD_ORIGIN}/.well-known/security.txt`,
        '',
      ].join('\n'),
    );
    const change = await request.get('/.well-known/change-password', { maxRedirects: 0 });
    expect(change.status()).toBe(302);
    expect(change.headers()['location']).toBe(`${PROD_ORIGIN}/account/password`);
  }
});

test('two browsers of one person through nginx: one signs the other out; the other is sent to sign in on the other instance', async ({
  page,
  newWatchedContext,
}) => {
  const { email, password } = await activeAccount(page, 'client', 'Sanne Sessies');
  const phone = await (await newWatchedContext({ userAgent: FIREFOX })).newPage();
  await signIn(phone, email, password);
  await expect(phone).toHaveURL(`${PROD_ORIGIN}/account`);

  await page.goto('/account');
  const list = page.getByRole('table', {
    name: 'Browsers signed in to your account, most recently used first',
  });
  const phoneRow = list.getByRole('row').filter({ hasText: 'Firefox 133 on Linux' });
  await expect(phoneRow).toHaveCount(1);
  await phoneRow.getByRole('button', { name: /^Sign out Firefox 133 on Linux, signed in / }).click();
  await expect(page.getByRole('status').filter({ hasText: 'That browser is signed out' })).toBeVisible();

  // The instance that ended it, and the other one, which must know too (the row decides, not memory).
  const ended = accessLog()
    .filter((s) => s.method === 'POST' && s.uri === '/account')
    .at(-1)!;
  const other = INSTANCES.find((i) => i !== ended.upstream)!;
  // nginx takes turns strictly: the page must be quiet before the turn is set (nextRequestTo).
  await page.waitForLoadState('networkidle');
  for (const instance of [other, ended.upstream]) {
    await nextRequestTo(instance);
    await phone.goto('/account');
    await expect(phone).toHaveURL(`${PROD_ORIGIN}/login`);
    expect(
      accessLog()
        .filter((s) => s.method === 'GET' && s.uri === '/account')
        .at(-1),
    ).toMatchObject({ upstream: instance });
  }
  // The browser that did it is still signed in, on either instance.
  for (const instance of INSTANCES) {
    await nextRequestTo(instance);
    await page.goto('/account');
    await expect(page).toHaveURL(`${PROD_ORIGIN}/account`);
  }
});
