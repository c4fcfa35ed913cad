import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/lib/env';

/**
 * The address the browser used, when it is not this platform's address (a copied or
 * mistyped address, an old bookmark, a look-alike): the sign-in page then says so and
 * links to the right one. Behind trusted proxies the forwarded host is what the browser saw.
 */
export async function wrongHost(): Promise<string | null> {
  const h = await headers();
  const seen = (env.TRUST_PROXY > 0 ? h.get('x-forwarded-host')?.split(',')[0]?.trim() : null) ?? h.get('host');
  if (!seen) return null;
  return seen.toLowerCase() === new URL(env.APP_URL).host.toLowerCase() ? null : seen;
}
