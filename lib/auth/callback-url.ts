/**
 * next-auth answers any request whose `callbackUrl` (query parameter or its own cookie) is
 * not an http(s) URL with a 500 (InvalidCallbackUrl, thrown from its config check). The
 * auth route applies the same rule first: a bad parameter is the client's mistake (400);
 * a bad cookie is only a stale memory of where to go, so it is dropped.
 */

/** next-auth's own rule (@auth/core lib/utils/assert.js): a path, or an absolute http(s) URL. */
export function isValidCallbackUrl(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith('/') ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

/** The Cookie header without `name` when its value breaks the rule; null when nothing changes. */
export function cookieHeaderWithoutBadCallback(
  header: string | null,
  name: string,
  origin: string,
): string | null {
  if (!header) return null;
  const parts = header.split(';');
  const kept = parts.filter((part) => {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) return true;
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      return false;
    }
    return value === '' || isValidCallbackUrl(value, origin);
  });
  return kept.length === parts.length ? null : kept.join(';');
}

/**
 * Where a sign-in may send the browser it came from: a path on this platform only. An
 * absolute URL counts when it is on APP_URL's origin (next-auth's pages hand those out);
 * "//host" and "/\host" are other hosts to a browser, so they never count.
 */
export function safeCallbackPath(value: unknown, appUrl: string): string | null {
  if (typeof value !== 'string' || value === '' || value.length > 2048) return null;
  const origin = new URL(appUrl).origin;
  if (value.startsWith('/') && (value.startsWith('//') || value.startsWith('/\\'))) return null;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
