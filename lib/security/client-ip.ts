/**
 * The client IP of a request. X-Forwarded-For is believed only as far as TRUST_PROXY
 * says there are proxies of ours in front of the app: with 1 trusted proxy, the address
 * that proxy saw is the last entry; anything to its left could be written by the client.
 * With no trusted proxy we use the address Next.js saw on the socket, which it records
 * as the rightmost X-Forwarded-For entry (`next start` appends it).
 */
import { isIP } from 'node:net';

export function clientIpFrom(headers: Headers, trustedProxies: number): string | null {
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const candidate = chain[chain.length - 1 - trustedProxies];
  if (!candidate) return null;
  const bare = candidate.replace(/^::ffff:/, '');
  return isIP(bare) ? bare : null;
}
