import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '@/lib/accounts/import/parse-csv';
import {
  IMPORT_UPLOAD_MAX_BODY_BYTES,
  IMPORT_UPLOAD_PATH,
  MAX_BODY_BYTES,
  refuseRequest,
} from './request-guard';

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
    [
      'POST',
      '/login',
      { 'content-length': String(MAX_BODY_BYTES), 'content-type': 'application/x-www-form-urlencoded' },
    ],
    ['POST', '/api/auth/signout', {}],
  ] as const)('lets %s %s through', (method, url, headers) => {
    expect(refuseRequest(method, url, headers)).toBeNull();
  });

  it('takes a larger body on the accounts upload only, and still a limited one', () => {
    const multipart = (bytes: number) => ({
      'content-length': String(bytes),
      'content-type': 'multipart/form-data; boundary=----x',
    });
    expect(refuseRequest('POST', IMPORT_UPLOAD_PATH, multipart(3 * 1024 * 1024))).toBeNull();
    expect(
      refuseRequest('POST', IMPORT_UPLOAD_PATH, multipart(IMPORT_UPLOAD_MAX_BODY_BYTES + 1)),
    ).toMatchObject({
      status: 413,
      message: 'The request is too large (at most 4 MB).',
    });
    // Not a prefix: other paths (and the preview's server actions) keep 1 MB.
    expect(refuseRequest('POST', `${IMPORT_UPLOAD_PATH}x`, multipart(MAX_BODY_BYTES + 1))?.status).toBe(413);
    expect(refuseRequest('POST', '/admin/accounts/import', multipart(MAX_BODY_BYTES + 1))?.status).toBe(413);
    // The largest file the import reads fits, with room for the form around it.
    expect(MAX_IMPORT_BYTES + 64 * 1024).toBeLessThan(IMPORT_UPLOAD_MAX_BODY_BYTES);
  });

  it('says which methods a static file allows', () => {
    expect(refuseRequest('DELETE', '/_next/static/a.js', {})?.headers).toEqual({ Allow: 'GET, HEAD' });
  });
});

describe('malformed requests Next.js would answer with a 500', () => {
  it.each([
    ['GET', '/admin/accounts/%ff', {}],
    ['GET', '/help/%E0%A4%A', {}],
    ['POST', '/login', { 'next-action': 'not-an-action-id' }],
    ['POST', '/login', { 'next-action': 'A'.repeat(42) }],
    ['POST', '/login', { 'content-length': '10', 'content-type': 'multipart/form-data' }],
    ['POST', '/login', { 'content-length': '10', 'content-type': 'application/json' }],
    [
      'POST',
      '/api/auth/callback/credentials',
      { 'next-action': '60af742d447e0c4739c91bade7bfd828b7a05d75e8' },
    ],
  ] as const)('%s %s %o → 400', (method, url, headers) => {
    expect(refuseRequest(method, url, headers)?.status).toBe(400);
  });

  it('lets a well-formed action id and a form with its boundary through', () => {
    expect(
      refuseRequest('POST', '/login', {
        'next-action': '60af742d447e0c4739c91bade7bfd828b7a05d75e8',
        'content-length': '10',
        'content-type': 'multipart/form-data; boundary=x',
      }),
    ).toBeNull();
  });
});
