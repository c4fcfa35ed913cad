/**
 * What the edge server (edge/http-server.ts) does to every request before Next sees it, as a
 * pure function so it is tested as a table.
 *
 * 1. Decides the client address and the host the browser used, once, from the socket and
 *    the headers our own proxies set (TRUST_PROXY), and hands them on in headers it owns,
 *    together with this process's marker so the app can tell they are ours.
 * 2. Makes every request name APP_URL's host (Host, X-Forwarded-Host), never the bind
 *    address or a name a client made up, so Next.js's server-action origin check compares
 *    against the platform's address. X-Forwarded-Proto says http: it is what the hop from
 *    here to Next is, and Next uses it for the request it sends to itself when it renders
 *    the target of a server action's redirect. (next-auth gets the public address from
 *    AUTH_URL, see lib/auth/config.ts; the app builds its own URLs from APP_URL.)
 *
 * Next.js renders the target of a server action's redirect with an internal request to
 * this same server, forwarding the original headers. That request carries our marker, so
 * the client address and seen host decided for the browser's request are kept.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  CLIENT_IP_HEADER,
  EDGE_MARKER_HEADER,
  isTrustedProxy,
  resolveClientIp,
  SEEN_HOST_HEADER,
} from '@/lib/security/client-ip';

export interface EdgeOptions {
  appUrl: string;
  trustProxy: number;
  /** Addresses and ranges of those proxies (TRUST_PROXY_ADDRESSES): nobody else's headers count. */
  proxyAddresses: readonly string[];
  marker: string;
}

function first(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
}

export function applyEdge(
  headers: IncomingHttpHeaders,
  socketAddress: string | undefined,
  options: EdgeOptions,
): void {
  const internal = headers[EDGE_MARKER_HEADER] === options.marker;
  if (!internal) {
    // A request straight from anyone but our proxies is its own client, whatever it says.
    const proxies =
      options.trustProxy > 0 && isTrustedProxy(socketAddress, options.proxyAddresses)
        ? options.trustProxy
        : 0;
    headers[CLIENT_IP_HEADER] = resolveClientIp(headers['x-forwarded-for'], socketAddress, proxies) ?? '';
    // Behind our proxies the browser's host is what the nearest proxy was told; else Host itself.
    headers[SEEN_HOST_HEADER] = (
      (proxies > 0 ? first(headers['x-forwarded-host']) : undefined) ??
      first(headers.host) ??
      ''
    ).toLowerCase();
    headers[EDGE_MARKER_HEADER] = options.marker;
  }
  const { host } = new URL(options.appUrl);
  headers.host = host;
  headers['x-forwarded-host'] = host;
  headers['x-forwarded-proto'] = 'http';
  delete headers['x-forwarded-port'];
}
