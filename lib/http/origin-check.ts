/**
 * Refuses state-changing requests sent from another site. Browsers send Origin on every
 * POST; "null" (sandboxed frames, privacy redirects) and foreign origins are refused
 * before any server action or auth route runs. A request without Origin does not come
 * from a browser form on another site (Sec-Fetch-Site is checked as well).
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteWrite(
  request: { method: string; headers: Headers },
  allowedOrigins: readonly string[],
): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const origin = request.headers.get('origin');
  if (origin !== null) return !allowedOrigins.includes(origin);
  return request.headers.get('sec-fetch-site') === 'cross-site';
}

/** The plain answer to a refused cross-site write: it names the address to use instead. */
export function crossSiteRefusal(appUrl: string): string {
  return `Request refused: use ${appUrl}`;
}
