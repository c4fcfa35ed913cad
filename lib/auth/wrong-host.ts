import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/lib/env';
import { fromEdge, SEEN_HOST_HEADER } from '@/lib/security/client-ip';

/**
 * The address the browser used, when it is not this platform's address (a copied or
 * mistyped address, an old bookmark, a look-alike): the sign-in page then says so and
 * links to the right one. The edge server recorded the host the browser used (behind
 * trusted proxies, the forwarded host); the Host header itself always names APP_URL by now.
 */
export async function wrongHost(): Promise<string | null> {
  const h = await headers();
  const seen = fromEdge(h) ? h.get(SEEN_HOST_HEADER) : null;
  if (!seen) return null;
  return seen === new URL(env.APP_URL).host.toLowerCase() ? null : seen;
}
