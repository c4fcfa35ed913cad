/**
 * The client IP of a request, decided once at the edge of the app (lib/server/http-server.ts) and
 * handed to the app in the X-Gatehouse-Client-IP header, which the server sets itself
 * (any copy sent by a client is replaced). X-Forwarded-For is believed only as far as
 * TRUST_PROXY says there are proxies of ours in front: with 1 trusted proxy, the address
 * that proxy saw is the last entry; anything to its left could be written by the client.
 * With no trusted proxy, the socket's address is used and X-Forwarded-For is ignored.
 */
import { isIP } from 'node:net';

export const CLIENT_IP_HEADER = 'x-gatehouse-client-ip';

function clean(address: string | undefined | null): string | null {
  if (!address) return null;
  const bare = address.trim().replace(/^::ffff:/, '');
  return isIP(bare) ? bare : null;
}

/** At the edge: the client's address from the socket and, if trusted, X-Forwarded-For. */
export function resolveClientIp(forwardedFor: string | string[] | undefined, socketAddress: string | undefined, trustedProxies: number): string | null {
  if (trustedProxies <= 0) return clean(socketAddress);
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The socket peer is the nearest trusted proxy; it appended the address it saw last.
  return clean(chain[chain.length - trustedProxies]);
}

/** In the app: the address the edge decided on. */
export function clientIpFrom(headers: Headers): string | null {
  return clean(headers.get(CLIENT_IP_HEADER));
}
