/**
 * The client address of a request, decided once at the edge of the app (the Node server in
 * edge/http-server.ts, see edge/forwarded-headers.ts) and handed to the app in a header that the edge sets
 * itself. The app believes that header only when the request also carries this process's
 * edge marker (a random value made at start-up that never leaves the process), so a client
 * that sends the header itself, or an app started without the edge, gets no say.
 *
 * X-Forwarded-For is believed only as far as TRUST_PROXY says there are proxies of ours in
 * front: the nearest proxy (the socket peer) appended the address it saw as the last
 * entry; with n trusted proxies the client is the n-th address counted from the socket.
 */
import ipaddr from 'ipaddr.js';
import { edgeMarker } from '@/lib/runtime/edge-seam';

export const CLIENT_IP_HEADER = 'x-gatehouse-client-ip';
export const EDGE_MARKER_HEADER = 'x-gatehouse-edge';
/** The host (with port) the browser used, as far as it can be believed (set by the edge). */
export const SEEN_HOST_HEADER = 'x-gatehouse-seen-host';

/** True when the request passed through this process's edge server (the headers it set are ours). */
export function fromEdge(headers: { get(name: string): string | null }): boolean {
  const marker = edgeMarker();
  return marker !== undefined && headers.get(EDGE_MARKER_HEADER) === marker;
}

/**
 * One X-Forwarded-For entry as a bare address: surrounding spaces, an IPv4 port
 * ("203.0.113.7:51234"), IPv6 brackets with or without a port ("[2001:db8::1]:443") and the
 * IPv4-mapped IPv6 form are removed; anything that is not an address ("unknown", an
 * obfuscated name, garbage) is null.
 */
export function bareAddress(entry: string | undefined | null): string | null {
  if (!entry) return null;
  let s = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  s = s.replace(/%.*$/, ''); // an IPv6 zone ("fe80::1%eth0") names an interface, not a client
  if (!ipaddr.isValid(s)) return null;
  const parsed = ipaddr.parse(s);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    return (parsed as ipaddr.IPv6).toIPv4Address().toString();
  // isValid accepts forms like "1" or "0x7f.1"; a proxy writes dotted quads, so nothing else counts.
  if (parsed.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(s)) return null;
  return parsed.toString();
}

/**
 * At the edge: the client's address from the socket and, when proxies are trusted,
 * X-Forwarded-For read as those proxies meant it. With fewer entries than trusted proxies
 * the furthest one is the client (a shorter chain than expected); when the entry chosen is
 * not an address, the socket's address is used, never a shared "unknown".
 */
export function resolveClientIp(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
  trustedProxies: number,
): string | null {
  const socket = bareAddress(socketAddress);
  if (trustedProxies <= 0) return socket;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((s) => s.trim());
  if (chain.length === 1 && chain[0] === '') return socket;
  // Nearest first: the socket peer, then what each trusted proxy appended, right to left.
  const fromSocket = [socketAddress, ...chain.reverse()];
  const index = Math.min(trustedProxies, fromSocket.length - 1);
  return bareAddress(fromSocket[index]) ?? socket;
}

/** Parsed address ranges, by the configured text (a handful per process). */
const parsedRanges = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number]>();

function rangeOf(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  let range = parsedRanges.get(entry);
  if (!range) {
    const parsed = ipaddr.parse(entry.split('/')[0]!);
    range = entry.includes('/') ? ipaddr.parseCIDR(entry) : [parsed, parsed.kind() === 'ipv4' ? 32 : 128];
    parsedRanges.set(entry, range);
  }
  return range;
}

/**
 * Whether the socket peer is one of our proxies (TRUST_PROXY_ADDRESSES): only then are the
 * headers a proxy sets (X-Forwarded-For, X-Forwarded-Host, X-Request-Id) believed. The
 * server listens on every interface, so without this a direct caller could choose the
 * address that per-IP limits and the audit record.
 */
export function isTrustedProxy(socketAddress: string | undefined, proxies: readonly string[]): boolean {
  const bare = bareAddress(socketAddress);
  if (!bare) return false;
  const address = ipaddr.parse(bare);
  return proxies.some((entry) => {
    const [range, bits] = rangeOf(entry);
    return range.kind() === address.kind() && address.match(range, bits);
  });
}

/** In the app: the address the edge decided on, or null when the request did not come through the edge. */
export function clientIpFrom(headers: { get(name: string): string | null }): string | null {
  if (!fromEdge(headers)) return null;
  return bareAddress(headers.get(CLIENT_IP_HEADER));
}

/**
 * The key per-IP limits count under. An IPv6 client usually holds a whole /64 and can
 * change the rest of its address at will, so IPv6 addresses are counted per /64.
 */
export function ipLimitKey(ip: string | null | undefined): string | null {
  const bare = bareAddress(ip);
  if (!bare) return null;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv4') return bare;
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}
