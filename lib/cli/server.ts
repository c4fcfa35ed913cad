/**
 * The HTTP server `npm start` runs: Next.js's request handler behind a thin Node server
 * (the edge, see lib/server/edge.ts). Next does not pass the socket's address on, and builds
 * absolute URLs from the request's host headers; the edge decides the client address and
 * makes every request speak of APP_URL before Next sees it.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import next from 'next';
import { env } from '@/lib/env';
import { setEdgeMarker } from '@/lib/security/client-ip';
import { applyEdge } from '@/lib/server/edge';

export async function serve(): Promise<void> {
  // A secret of this process: it marks the headers the edge set (see client-ip.ts).
  const marker = randomBytes(32).toString('base64url');
  setEdgeMarker(marker);
  // Next uses hostname and port only for requests to itself (rendering the target of a
  // server action's redirect): loopback, never the 0.0.0.0 bind address.
  const app = next({ dev: false, port: env.port, hostname: '127.0.0.1' });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    applyEdge(req.headers, req.socket.remoteAddress, { appUrl: env.APP_URL, trustProxy: env.TRUST_PROXY, marker });
    void handle(req, res);
  });
  server.listen(env.port, () => console.log(`Gatehouse is serving ${env.PLATFORM_NAME} at ${env.APP_URL} (port ${env.port}).`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
