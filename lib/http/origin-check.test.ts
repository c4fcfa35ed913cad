import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite } from './origin-check';

const allowed = ['https://care.example.org'];
const req = (method: string, headers: Record<string, string> = {}) => ({
  method,
  headers: new Headers(headers),
});

describe('cross-site write check', () => {
  it('lets reads through whatever their origin', () => {
    expect(isCrossSiteWrite(req('GET', { origin: 'https://evil.example' }), allowed)).toBe(false);
  });
  it('lets same-origin posts through', () => {
    expect(isCrossSiteWrite(req('POST', { origin: 'https://care.example.org' }), allowed)).toBe(false);
  });
  it.each([
    [{ origin: 'https://evil.example' }],
    [{ origin: 'null' }],
    [{ origin: 'https://care.example.org.evil.example' }],
    [{ origin: 'http://care.example.org' }],
    [{ 'sec-fetch-site': 'cross-site' }],
  ])('refuses a post with %j', (headers) => {
    expect(isCrossSiteWrite(req('POST', headers), allowed)).toBe(true);
  });
});
