/**
 * /.well-known/security.txt (RFC 9116): where to report a security problem, from
 * configuration (SECURITY_TXT_CONTACT, SECURITY_TXT_EXPIRES, SECURITY_TXT_LANGUAGES).
 * Not configured, it does not exist (404), so nobody is pointed at an unread address.
 */
import { env } from '@/lib/env';
import { securityTxt } from '@/lib/security/security-txt';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  if (!env.SECURITY_TXT_CONTACT.length || !env.SECURITY_TXT_EXPIRES)
    return new Response('Not found\n', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  const body = securityTxt({
    contact: env.SECURITY_TXT_CONTACT,
    expires: env.SECURITY_TXT_EXPIRES,
    languages: env.SECURITY_TXT_LANGUAGES,
    canonical: `${env.APP_URL}/.well-known/security.txt`,
  });
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
