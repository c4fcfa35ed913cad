/**
 * The rules every cookie of the app keeps, checked against the app's own cookie
 * definitions (unit test) and against every Set-Cookie a real HTTPS deployment sends
 * (the production browser tests). A browser drops a cookie that breaks its prefix's rules
 * without any error, so a mistake here only shows as a feature that quietly stops working.
 */
export interface CookieShape {
  name: string;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
}

export function cookieProblems(
  cookie: CookieShape,
  context: { https: boolean; holdsSecret: boolean },
): string[] {
  const problems: string[] = [];
  const { name } = cookie;
  if (name.startsWith('__Host-')) {
    if (!cookie.secure) problems.push(`${name}: __Host- requires Secure`);
    if (cookie.path !== '/')
      problems.push(
        `${name}: __Host- requires Path=/ (has ${cookie.path ?? 'none'}); browsers drop it otherwise`,
      );
    if (cookie.domain) problems.push(`${name}: __Host- forbids Domain`);
  }
  if (name.startsWith('__Secure-') && !cookie.secure) problems.push(`${name}: __Secure- requires Secure`);
  if (context.https && !cookie.secure) problems.push(`${name}: every cookie over https must be Secure`);
  if (context.holdsSecret && !cookie.httpOnly) problems.push(`${name}: holds a secret, must be HttpOnly`);
  return problems;
}

/** Reads one Set-Cookie header value into the attributes the rules look at. */
export function parseSetCookie(header: string): CookieShape & { value: string; maxAge?: number } {
  const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const cookie: CookieShape & { value: string; maxAge?: number } = {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
  };
  for (const attribute of attributes) {
    const [key = '', ...rest] = attribute.split('=');
    const value = rest.join('=');
    switch (key.toLowerCase()) {
      case 'path':
        cookie.path = value;
        break;
      case 'domain':
        cookie.domain = value;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'max-age':
        cookie.maxAge = Number(value);
        break;
    }
  }
  return cookie;
}
