/**
 * Self-service (issue 29) in the production shape: https through nginx to two instances.
 */
import { PROD_APP_ENV } from './prod-env';
import { PROD_ORIGIN } from '../support/ports';
import { expect, test } from './support';

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
