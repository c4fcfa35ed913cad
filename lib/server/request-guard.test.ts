import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, refuseRequest } from './request-guard';

describe('requests the edge refuses before Next.js', () => {
  it.each([
    ['POST', '/_next/static/chunks/app.js', {}, 405],
    ['PUT', '/_next/static/x.css?v=1', {}, 405],
    ['OPTIONS', '/_next/static/x.css', {}, 405],
    ['POST', '/login', { 'content-length': String(MAX_BODY_BYTES + 1) }, 413],
    ['POST', '/api/auth/callback/credentials', { 'content-length': '99999999999' }, 413],
    ['POST', '/login', { 'transfer-encoding': 'chunked' }, 411],
    ['POST', '/login', { 'content-length': 'abc' }, 411],
    ['POST', '/login', { 'content-length': '-1' }, 411],
  ] as const)('%s %s %o → %i', (method, url, headers, status) => {
    expect(refuseRequest(method, url, headers)?.status).toBe(status);
  });

  it.each([
    ['GET', '/_next/static/chunks/app.js', {}],
    ['HEAD', '/_next/static/chunks/app.js', {}],
    ['GET', '/login', {}],
    ['POST', '/login', { 'content-length': String(MAX_BODY_BYTES) }],
    ['POST', '/login', {}],
  ] as const)('lets %s %s through', (method, url, headers) => {
    expect(refuseRequest(method, url, headers)).toBeNull();
  });

  it('says which methods a static file allows', () => {
    expect(refuseRequest('DELETE', '/_next/static/a.js', {})?.headers).toEqual({ Allow: 'GET, HEAD' });
  });
});
