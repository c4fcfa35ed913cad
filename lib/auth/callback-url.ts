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
