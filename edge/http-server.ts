/**
 * The HTTP server `npm start` runs: Next.js's request handler behind a thin Node server
 * (the edge). Next does not pass the socket's address on, builds absolute URLs from the
 * request's host headers, and answers some bad requests with a 500; the edge decides the
 * client address and makes every request speak of APP_URL (forwarded-headers.ts), answers
 * those bad requests itself (request-guard.ts), and turns a failure while the
 * database is away into a 503 "temporarily unavailable" page (unavailable.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import next from 'next';
import { env } from '@/lib/env';
import { isTrustedProxy } from '@/lib/security/client-ip';
import {
  markStopping,
  runShutdownHooks,
  runStopRequestedHooks,
  setEdgeMarker,
  sharedDatabaseProbe,
} from '@/lib/runtime/edge-seam';
import { logRequest } from '@/lib/observability/log';
import { metrics, routeFamily } from '@/lib/observability/metrics';
import { applyEdge } from './forwarded-headers';
import { isFormPost, needsBodyCheck, refuseRequest } from './request-guard';
import { bodyParses } from './form-body';
import { answerUnavailableWhenDown } from './unavailable';
import { pageCacheFromEnv } from './page-cache-response';
import { answerOidc, isOidcPath } from './oidc-route';

/**
 * One log line and one histogram sample per request, when its answer is finished. The
 * route is the path only: a query string may hold a link's token. A request id from our
 * own proxy (X-Request-Id, e.g. nginx's $request_id) is kept so both logs can be joined.
 */
function observe(req: IncomingMessage, res: ServerResponse): void {
  const started = process.hrtime.bigint();
  const fromProxy =
    env.TRUST_PROXY > 0 && isTrustedProxy(req.socket.remoteAddress, env.TRUST_PROXY_ADDRESSES)
      ? req.headers['x-request-id']
      : undefined;
  const requestId =
    typeof fromProxy === 'string' && /^[\w-]{8,64}$/.test(fromProxy) ? fromProxy : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  // Read now: the OpenID Connect provider's mount strips /oidc from req.url while answering.
  const route = (req.url ?? '/').split('?')[0]!.slice(0, 200);
  res.once('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    logRequest({
      requestId,
      method: req.method ?? 'GET',
      route,
      status: res.statusCode,
      durationMs: Math.round(seconds * 10_000) / 10,
    });
    metrics().requests.observe(
      {
        method: req.method ?? 'GET',
        route: routeFamily(route),
        status: `${Math.floor(res.statusCode / 100)}xx`,
      },
      seconds,
    );
  });
}

/** Idle keep-alive connections live this long on our side (above nginx's 4 s, see deploy/nginx). */
const KEEP_ALIVE_MS = 10_000;
/** On SIGTERM, how long the instance keeps serving (closing each connection after its answer) before it stops accepting. */
const DRAIN_MS = 5_000;

/**
 * From SIGTERM to exit at most this long (issue 26: within 10 s): the drain, then requests in
 * flight. The delivery worker finishes its email meanwhile (its own grace is 8 s).
 */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Serves on PORT. `dev` (npm run dev) takes the same path with Next's development server
 * behind it (its hot reload over a WebSocket upgrade) and without the page cache, so an edited
 * page shows at once.
 */
export async function serve({ dev = false }: { dev?: boolean } = {}): Promise<void> {
  // A secret of this process: it marks the headers the edge set (see client-ip.ts).
  const marker = randomBytes(32).toString('base64url');
  setEdgeMarker(marker);
  // Next uses hostname and port only for requests to itself (rendering the target of a
  // server action's redirect): loopback, never the 0.0.0.0 bind address.
  const app = next({ dev, port: env.port, hostname: '127.0.0.1' });
  const handle = app.getRequestHandler();
  await app.prepare();
  const pageCache = await pageCacheFromEnv(env.port, marker, { enabled: !dev });

  let stopping = false;
  const server = createServer((req, res) => {
    // While stopping, each answer closes its connection, so no new request rides on it.
    if (stopping) res.setHeader('Connection', 'close');
    const refusal = refuseRequest(req.method, req.url, req.headers);
    if (refusal) observe(req, res);
    if (refusal) {
      const answer = () => {
        res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', ...refusal.headers });
        res.end(refusal.message);
      };
      // The body is not wanted, but answering while the client still sends it would cut the
      // connection under it: read it away first (it is at most 1 MB). A larger or endless one
      // is answered at once, and the connection closed.
      req.resume();
      if (refusal.status === 413 || refusal.status === 411) {
        res.setHeader('connection', 'close');
        answer();
      } else if (req.complete) answer();
      else req.once('end', answer).once('error', () => res.destroy());
      return;
    }
    observe(req, res);
    applyEdge(req.headers, req.socket.remoteAddress, {
      appUrl: env.APP_URL,
      trustProxy: env.TRUST_PROXY,
      proxyAddresses: env.TRUST_PROXY_ADDRESSES,
      marker,
    });
    const oidc = isOidcPath(req.url);
    answerUnavailableWhenDown(
      res,
      sharedDatabaseProbe,
      !oidc && isFormPost(req.method, req.url, req.headers),
    );
    // The OpenID Connect provider is a Node handler of its own, not part of Next (oidc-route.ts).
    if (oidc) return answerOidc(req, res);
    // Anonymous public pages come from the page cache, with a fresh nonce (page-cache.ts).
    void pageCache.answer(req, res).then((served) => {
      if (served) return;
      const check = needsBodyCheck(req.method, req.url, req.headers);
      if (!check) return handle(req, res);
      return bodyParses(req, check).then((parses) => {
        if (parses) return handle(req, res);
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
        res.end('The form could not be read.');
      });
    });
  });
  // Longer than the proxy's idle timeout for its connections to us, so the proxy, not this
  // server, closes an idle one (otherwise a request can cross the close and be lost).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Next's development server reloads the page it is editing over a WebSocket.
  if (dev) server.on('upgrade', app.getUpgradeHandler());
  server.listen(env.port, () => {
    console.log(`Gatehouse is serving ${env.PLATFORM_NAME} at ${env.APP_URL} (port ${env.port}).`);
  });

  /** Stop accepting, finish what is in flight (requests, the email being sent), then exit. */
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then stopping.`);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    // Not ready from now on (nginx and orchestrators stop sending), and no new work is taken.
    markStopping();
    const stopped = runStopRequestedHooks();
    // First a short drain: answers carry Connection: close, so the proxy stops reusing
    // connections to us and closes its idle ones (nginx after 4 s). Only then stop accepting:
    // server.close() also closes idle keep-alive connections at once, and one closed under
    // a request the proxy is just sending would lose that request (a POST is not retried).
    setTimeout(() => {
      server.close(() => {
        void stopped.then(runShutdownHooks).finally(() => process.exit(0));
      });
    }, DRAIN_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
