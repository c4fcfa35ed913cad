import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER, EDGE_MARKER_HEADER } from '@/lib/security/client-ip';
import { SEEN_HOST_HEADER } from '@/lib/security/client-ip';
import { applyEdge } from './forwarded-headers';

const options = {
  appUrl: 'https://care.example.org',
  trustProxy: 1,
  proxyAddresses: ['10.0.0.1', '192.168.0.0/16'],
  marker: 'secret-marker',
};

function edge(headers: IncomingHttpHeaders, socket = '10.0.0.1', opts = options): IncomingHttpHeaders {
  const copy = { ...headers };
  applyEdge(copy, socket, opts);
  return copy;
}

describe('the edge', () => {
  it('makes every request speak of APP_URL, whatever host it arrived with', () => {
    const h = edge({
      host: '0.0.0.0:3100',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'http',
      'x-forwarded-for': '198.51.100.2',
    });
    expect(h.host).toBe('care.example.org');
    expect(h['x-forwarded-host']).toBe('care.example.org');
    // The hop to Next is plain http (Next sends requests to itself with this protocol).
    expect(h['x-forwarded-proto']).toBe('http');
  });

  it('keeps the host the browser used for the wrong-address notice: forwarded behind trusted proxies, else Host', () => {
    expect(edge({ host: '10.0.0.5:3201', 'x-forwarded-host': 'Care.Example.org' })[SEEN_HOST_HEADER]).toBe(
      'care.example.org',
    );
    expect(
      edge({ host: 'localhost:3100', 'x-forwarded-host': 'care.example.org' }, '127.0.0.1', {
        ...options,
        trustProxy: 0,
      })[SEEN_HOST_HEADER],
    ).toBe('localhost:3100');
  });

  it('replaces what a client wrote into the headers the edge owns', () => {
    const h = edge({
      host: 'care.example.org',
      [CLIENT_IP_HEADER]: '1.1.1.1',
      [SEEN_HOST_HEADER]: 'care.example.org',
      [EDGE_MARKER_HEADER]: 'guess',
      'x-forwarded-for': '198.51.100.2',
    });
    expect(h[CLIENT_IP_HEADER]).toBe('198.51.100.2');
    expect(h[EDGE_MARKER_HEADER]).toBe('secret-marker');
  });

  it("keeps the decisions of a request Next.js makes to itself (it forwards the browser's headers with our marker)", () => {
    const h = edge(
      {
        host: '127.0.0.1:3100',
        [CLIENT_IP_HEADER]: '198.51.100.2',
        [SEEN_HOST_HEADER]: 'care.example.org',
        [EDGE_MARKER_HEADER]: 'secret-marker',
      },
      '127.0.0.1',
    );
    expect(h[CLIENT_IP_HEADER]).toBe('198.51.100.2');
    expect(h[SEEN_HOST_HEADER]).toBe('care.example.org');
    expect(h.host).toBe('care.example.org');
  });

  it('on plain http with a port, the host and port come from APP_URL', () => {
    const h = edge({ host: '0.0.0.0:3100', 'x-forwarded-port': '1' }, '127.0.0.1', {
      ...options,
      appUrl: 'http://localhost:3100',
      trustProxy: 0,
    });
    expect([h.host, h['x-forwarded-port'], h[CLIENT_IP_HEADER]]).toEqual([
      'localhost:3100',
      undefined,
      '127.0.0.1',
    ]);
  });

  it('believes forwarded headers only from the configured proxy addresses: a direct caller chooses nothing', () => {
    const forged = {
      host: 'care.example.org',
      'x-forwarded-for': '198.51.100.2',
      'x-forwarded-host': 'evil.example',
    };
    // From the proxy itself (an address, or inside a range): its headers count.
    for (const proxy of ['10.0.0.1', '192.168.4.20', '::ffff:10.0.0.1'])
      expect(edge(forged, proxy)[CLIENT_IP_HEADER], proxy).toBe('198.51.100.2');
    expect(edge(forged, '10.0.0.1')[SEEN_HOST_HEADER]).toBe('evil.example');
    // From anyone else, the socket is the client and Host is what it used.
    for (const caller of ['203.0.113.9', '10.0.0.2', '2001:db8::7']) {
      const h = edge(forged, caller);
      expect(h[CLIENT_IP_HEADER], caller).toBe(caller);
      expect(h[SEEN_HOST_HEADER], caller).toBe('care.example.org');
    }
  });
});
