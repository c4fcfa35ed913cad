import { afterEach, describe, expect, it } from 'vitest';
import {
  bareAddress,
  clientIpFrom,
  CLIENT_IP_HEADER,
  EDGE_MARKER_HEADER,
  ipLimitKey,
  resolveClientIp,
} from './client-ip';
import { setEdgeMarker } from '@/lib/runtime/edge-seam';

describe('client IP', () => {
  it('with no trusted proxy uses the socket and ignores X-Forwarded-For entirely', () => {
    expect(resolveClientIp('1.2.3.4, 5.6.7.8', '203.0.113.5', 0)).toBe('203.0.113.5');
    expect(resolveClientIp(undefined, '::ffff:127.0.0.1', 0)).toBe('127.0.0.1');
  });

  it('believes exactly as many hops as there are trusted proxies', () => {
    // client wrote "6.6.6.6"; our proxy appended the real client 198.51.100.2
    expect(resolveClientIp('6.6.6.6, 198.51.100.2', '10.0.0.1', 1)).toBe('198.51.100.2');
    expect(resolveClientIp('6.6.6.6, 198.51.100.2, 10.0.0.7', '10.0.0.1', 2)).toBe('198.51.100.2');
    expect(resolveClientIp(['6.6.6.6', '198.51.100.2'], '10.0.0.1', 1)).toBe('198.51.100.2');
  });

  // X-Forwarded-For as proxies really write it, read the way the proxy meant it.
  it.each([
    ['ports on IPv4', '203.0.113.7:51234', 1, '203.0.113.7'],
    ['brackets and port on IPv6', '[2001:db8::1]:443', 1, '2001:db8::1'],
    ['brackets without port', '[2001:db8::2]', 1, '2001:db8::2'],
    ['bare IPv6', '2001:DB8:0:0::3', 1, '2001:db8::3'],
    ['spaces and empty entries', '  6.6.6.6 ,   198.51.100.9  ', 1, '198.51.100.9'],
    ['IPv4-mapped IPv6', '::ffff:198.51.100.10', 1, '198.51.100.10'],
    ['fewer entries than trusted proxies: the furthest is the client', '198.51.100.11', 3, '198.51.100.11'],
    ['two proxies, the first one wrote a port', '6.6.6.6, 198.51.100.12:4000, 10.0.0.7', 2, '198.51.100.12'],
    ['garbage where the client should be: the socket, not a shared bucket', 'unknown', 1, '10.0.0.1'],
    ['a number is not an address', '1', 1, '10.0.0.1'],
    ['no header at all: the socket', undefined, 1, '10.0.0.1'],
    ['an empty header: the socket', '', 2, '10.0.0.1'],
  ] as const)('%s', (_name, header, trusted, expected) => {
    expect(resolveClientIp(header, '10.0.0.1', trusted)).toBe(expected);
  });

  it('without a socket address and nothing believable, there is no address', () => {
    expect(resolveClientIp(undefined, undefined, 0)).toBeNull();
    expect(bareAddress('not-an-ip')).toBeNull();
  });

  describe('in the app', () => {
    afterEach(() => setEdgeMarker(undefined as unknown as string));

    it('believes the header only when the edge of this process set it', () => {
      setEdgeMarker('marker-of-this-process');
      expect(
        clientIpFrom(
          new Headers({ [CLIENT_IP_HEADER]: '192.0.2.8', [EDGE_MARKER_HEADER]: 'marker-of-this-process' }),
        ),
      ).toBe('192.0.2.8');
      // A client sending the header itself, with or without a guessed marker.
      expect(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: '192.0.2.8' }))).toBeNull();
      expect(
        clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: '192.0.2.8', [EDGE_MARKER_HEADER]: 'guess' })),
      ).toBeNull();
      expect(
        clientIpFrom(
          new Headers({ [CLIENT_IP_HEADER]: 'x', [EDGE_MARKER_HEADER]: 'marker-of-this-process' }),
        ),
      ).toBeNull();
    });

    it('believes nothing when the app runs without the edge (next start)', () => {
      expect(
        clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: '192.0.2.8', [EDGE_MARKER_HEADER]: '' })),
      ).toBeNull();
      expect(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: '192.0.2.8' }))).toBeNull();
    });
  });

  it('counts IPv4 per address and IPv6 per /64', () => {
    expect(ipLimitKey('198.51.100.2')).toBe('198.51.100.2');
    expect(ipLimitKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(ipLimitKey('2001:db8:1:2::1')).toBe(ipLimitKey('2001:db8:1:2:ffff::9'));
    expect(ipLimitKey('2001:db8:1:3::1')).not.toBe(ipLimitKey('2001:db8:1:2::1'));
    expect(ipLimitKey(null)).toBeNull();
    expect(ipLimitKey('')).toBeNull();
  });
});
