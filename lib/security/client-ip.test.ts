import { describe, expect, it } from 'vitest';
import { clientIpFrom, CLIENT_IP_HEADER, resolveClientIp } from './client-ip';

describe('client IP', () => {
  it('with no trusted proxy uses the socket and ignores X-Forwarded-For entirely', () => {
    expect(resolveClientIp('1.2.3.4, 5.6.7.8', '203.0.113.5', 0)).toBe('203.0.113.5');
    expect(resolveClientIp(undefined, '::ffff:127.0.0.1', 0)).toBe('127.0.0.1');
  });

  it('believes exactly as many hops as there are trusted proxies', () => {
    // client wrote "6.6.6.6"; our proxy appended the real client 198.51.100.2
    expect(resolveClientIp('6.6.6.6, 198.51.100.2', '10.0.0.1', 1)).toBe('198.51.100.2');
    expect(resolveClientIp('6.6.6.6, 198.51.100.2, 10.0.0.7', '10.0.0.1', 2)).toBe('198.51.100.2');
  });

  it('refuses garbage and missing entries', () => {
    expect(resolveClientIp('not-an-ip', '10.0.0.1', 1)).toBeNull();
    expect(resolveClientIp(undefined, '10.0.0.1', 1)).toBeNull();
    expect(resolveClientIp(undefined, undefined, 0)).toBeNull();
  });

  it('reads what the edge decided', () => {
    expect(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: '192.0.2.8' }))).toBe('192.0.2.8');
    expect(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: 'x' }))).toBeNull();
  });
});
