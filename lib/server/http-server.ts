/**
 * The HTTP server `npm start` runs: Next.js's request handler behind a thin Node server,
 * so the app knows each request's real client address (Next does not pass the socket's
 * address on). It sets X-Gatehouse-Client-IP from the socket, or from X-Forwarded-For as
 * far as TRUST_PROXY allows, replacing whatever a client sent in that header.
 */
import { createServer } from 'node:http';
import next from 'next';
import { env } from '@/lib/env';
import { CLIENT_IP_HEADER, resolveClientIp } from '@/lib/security/client-ip';

export async function serve(): Promise<void> {
  const app = next({ dev: false, port: env.port, hostname: '0.0.0.0' });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    req.headers[CLIENT_IP_HEADER] = resolveClientIp(req.headers['x-forwarded-for'], req.socket.remoteAddress, env.TRUST_PROXY) ?? '';
    void handle(req, res);
  });
  server.listen(env.port, () => console.log(`Gatehouse is serving ${env.PLATFORM_NAME} at ${env.APP_URL} (port ${env.port}).`));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
