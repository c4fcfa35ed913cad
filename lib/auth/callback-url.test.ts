import { describe, expect, it } from 'vitest';
import { cookieHeaderWithoutBadCallback, isValidCallbackUrl, safeCallbackPath } from './callback-url';

const origin = 'https://care.example.org';

describe('callback URLs as next-auth accepts them', () => {
  it.each([
    ['/', true],
    ['/account?x=1', true],
    ['https://care.example.org/admin', true],
    ['http://elsewhere.example/', true], // next-auth itself then keeps redirects on its own origin
    ['x', false],
    ['ḻ', false],
    ['javascript:alert(1)', false],
    ['mailto:a@b.c', false],
    ['', false],
  ])('%j → %s', (value, valid) => {
    expect(isValidCallbackUrl(value, origin)).toBe(valid);
  });

  it('drops only a callback cookie that breaks the rule, keeping the others', () => {
    const name = 'gatehouse.callback-url';
    expect(cookieHeaderWithoutBadCallback(`a=1; ${name}=%2Faccount; b=2`, name, origin)).toBeNull();
    expect(cookieHeaderWithoutBadCallback(`a=1; ${name}=%E1%B8%BB; b=2`, name, origin)).toBe('a=1; b=2');
    expect(cookieHeaderWithoutBadCallback(`${name}=%E0%A4%A`, name, origin)).toBe('');
    expect(cookieHeaderWithoutBadCallback('[]', name, origin)).toBeNull();
    expect(cookieHeaderWithoutBadCallback(null, name, origin)).toBeNull();
  });
});

describe('where a sign-in may send the browser', () => {
  it.each([
    ['/account', '/account'],
    ['/interaction/abcDEF_123-xyz?x=1#h', '/interaction/abcDEF_123-xyz?x=1#h'],
    ['https://care.example.org/admin', '/admin'],
    ['http://care.example.org/admin', null], // another origin (scheme) than APP_URL
    ['https://elsewhere.example/', null],
    ['//elsewhere.example/', null],
    ['/\\elsewhere.example/', null],
    ['/\t/elsewhere.example/', null],
    ['javascript:alert(1)', null],
    ['', null],
    [42, null],
  ])('%j → %j', (value, expected) => {
    expect(safeCallbackPath(value, origin)).toBe(expected);
  });
});
