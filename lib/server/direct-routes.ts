/**
 * Requests the edge answers by calling a route's handler itself (lib/server/edge-routes.ts)
 * instead of handing them to Next.js: next-auth's endpoints under /api/auth. A complete
 * sign-in over HTTP is two of them (GET the CSRF token, POST the credentials); through
 * Next's router each cost ~2 ms of CPU before the handler ran, more than a quarter of what
 * the sign-in costs besides argon2 (README "Sign-in cost, measured").
 *
 * What proxy.ts does for every request is done here too, with the same functions: a
 * cross-site write is refused with the same 403, and every answer carries the same security
 * headers and Content-Security-Policy. The handler is the route module's own, so next-auth,
 * its CSRF check and our callback-URL rules run exactly as they do behind Next.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { env } from '@/lib/env';
import { crossSiteRefusal, isCrossSiteWrite } from '@/lib/http/origin-check';
import { answerHeaders, newNonce } from '@/lib/http/headers';
import { edgeRoute, type EdgeHandler } from '@/lib/server/edge-routes';

const DIRECT_METHODS = new Set(['GET', 'HEAD', 'POST']);

/** The handler that answers this request directly, or null when Next should. */
export function directRouteFor(method: string | undefined, url: string | undefined): EdgeHandler | null {
  if (!DIRECT_METHODS.has(method ?? '') || !(url ?? '').startsWith('/api/auth/')) return null;
  return edgeRoute('auth') ?? null;
}

/** Reads the body (the edge has capped its length already, request-guard.ts). */
function readBody(req: IncomingMessage): Promise<ArrayBuffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      const body = Buffer.concat(chunks);
      resolve(req.complete ? body.buffer.slice(body.byteOffset, body.byteOffset + body.length) : null);
    });
    req.once('error', reject);
  });
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

/** Answers `req` with `handler`, as Next.js and proxy.ts would have. */
export async function answerDirectly(
  req: IncomingMessage,
  res: ServerResponse,
  handler: EdgeHandler,
): Promise<void> {
  const method = req.method!;
  const headers = headersOf(req);
  const path = req.url!.split('?')[0]!;
  const common = answerHeaders(path, newNonce(), {
    https: env.secureCookies,
    development: env.NODE_ENV === 'development',
  });
  if (isCrossSiteWrite({ method, headers }, [env.APP_URL])) {
    req.resume();
    res.writeHead(403, { ...common, 'content-type': 'text/plain; charset=utf-8' });
    res.end(crossSiteRefusal(env.APP_URL));
    return;
  }
  let response: Response;
  try {
    const body = method === 'POST' ? await readBody(req) : (req.resume(), null);
    if (body === null && method === 'POST') return void res.destroy(); // the client went away mid-body
    response = await handler({ url: new URL(req.url!, env.APP_URL).href, method, headers, body });
  } catch (error) {
    console.error('[edge] /api/auth handler failed:', error);
    res.writeHead(500, { ...common, 'content-type': 'text/plain; charset=utf-8' });
    res.end('Internal Server Error');
    return;
  }
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  const payload = method === 'HEAD' || !response.body ? null : Buffer.from(await response.arrayBuffer());
  // Ours win over the handler's, as proxy.ts's response.headers.set() does.
  for (const [name, value] of Object.entries(common)) out[name.toLowerCase()] = value;
  res.writeHead(response.status, out);
  res.end(payload ?? undefined);
}
