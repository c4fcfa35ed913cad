/**
 * The OpenID Connect provider's paths (lib/oidc/start.ts). The provider is a plain Node
 * `(req, res)` handler, so the edge answers them itself, without Next.js; start-up offers the
 * handler through the edge seam (lib/runtime/edge-seam.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { offeredOidcHandler } from '@/lib/runtime/edge-seam';

/** The issuer's path (APP_URL/oidc) and the provider's interaction pages (/interaction/<uid>). */
export function isOidcPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0]!;
  return path.startsWith('/oidc/') || path.startsWith('/interaction/');
}

/**
 * Answers an OpenID Connect request. Until start-up has offered the handler (the first
 * moments of a starting instance) the answer is a 503 with Retry-After, never Next's 404.
 */
export function answerOidc(req: IncomingMessage, res: ServerResponse): void {
  if (req.headers.rsc !== undefined) {
    // Next's router (a <Link> or a redirect() to /interaction/…, and Next's own render of a
    // server action's redirect target) fetches a page's RSC payload first. Running the step
    // for that fetch would finish the interaction out of the browser's sight (and follow
    // the redirect to the application). A non-RSC answer makes the router load the page
    // for real, which runs the step once, in the browser.
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('Continue in the browser.');
    return;
  }
  const handler = offeredOidcHandler();
  if (!handler) {
    req.resume();
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
    res.end('Sign-in for applications is starting; try again in a moment.');
    return;
  }
  handler(req, res).catch((err: Error) => {
    console.error(`[oidc] ${err.name}: ${err.message}`);
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Something went wrong.');
    } else res.destroy();
  });
}
