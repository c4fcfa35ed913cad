import 'server-only';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { linkCookieName, type LinkPage } from '@/lib/security/link-cookie';

/**
 * The link token for a landing page: normally from its cookie (proxy.ts moved it there out
 * of the address), else from the address itself (a malformed token is left there and
 * simply shown as a link that does not work).
 */
export async function landingToken(page: LinkPage, searchParams: Promise<{ token?: string | string[] }>): Promise<string | undefined> {
  const fromUrl = (await searchParams).token;
  if (typeof fromUrl === 'string') return fromUrl;
  return (await cookies()).get(linkCookieName(page, env.secureCookies))?.value;
}
