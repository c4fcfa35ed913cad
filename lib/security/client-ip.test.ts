import { describe, expect, it } from 'vitest';
import { clientIpFrom } from './client-ip';

const h = (xff?: string) => new Headers(xff ? { 'x-forwarded-for': xff } : {});

describe('client IP', () => {
  it('uses the address next start saw when no proxy is trusted, ignoring what the client wrote', () => {
    expect(clientIpFrom(h('1.2.3.4, 203.0.113.5'), 0)).toBe('203.0.113.5');
  });
  it('believes exactly as many hops as there are trusted proxies', () => {
    expect(clientIpFrom(h('6.6.6.6, 198.51.100.2, 10.0.0.1'), 1)).toBe('198.51.100.2');
  });
  it('strips IPv4-mapped IPv6 and refuses garbage', () => {
    expect(clientIpFrom(h('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientIpFrom(h('not-an-ip'), 0)).toBeNull();
    expect(clientIpFrom(h(), 0)).toBeNull();
    expect(clientIpFrom(h('203.0.113.5'), 3)).toBeNull();
  });
});
