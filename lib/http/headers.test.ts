import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, securityHeaders } from './headers';

describe('security headers', () => {
  it('nonces are 16 random bytes and differ each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });

  it('the CSP allows only nonced scripts and forbids plugins, base tags, framing and foreign form targets', () => {
    const csp = contentSecurityPolicy('abc', { https: true, development: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toContain('unsafe-eval');
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"])
      expect(csp).toContain(d);
  });

  it('link pages send no Referer to other sites; HSTS only over https', () => {
    expect(securityHeaders('/welcome', { https: false })['Referrer-Policy']).toBe('same-origin');
    expect(securityHeaders('/reset-password', { https: false })['Referrer-Policy']).toBe('same-origin');
    expect(securityHeaders('/login', { https: false })['Referrer-Policy']).toBe(
      'strict-origin-when-cross-origin',
    );
    expect(securityHeaders('/login', { https: false })['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders('/login', { https: true })['Strict-Transport-Security']).toMatch(/max-age=\d+/);
  });
});
