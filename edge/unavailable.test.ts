import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerUnavailableWhenDown } from './unavailable';

let server: Server | undefined;
afterEach(() => server?.close());

/** A real HTTP server whose handler answers like Next.js does, behind the guard. */
async function serve(handler: Parameters<typeof createServer>[1], ready: boolean): Promise<string> {
  server = createServer((req, res) => {
    answerUnavailableWhenDown(res, async () => ready);
    handler!(req, res);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('the unavailable page', () => {
  it('replaces a 500 by 503 with Retry-After while the database is away, keeping nothing of the failed answer', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 500;
      res.setHeader('x-secret-detail', 'stack');
      res.end('Error: connect ECONNREFUSED 127.0.0.1:5432 at stack…');
    }, false);
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(response.headers.get('x-secret-detail')).toBeNull();
    const body = await response.text();
    expect(body).toContain('Temporarily unavailable');
    expect(body).not.toContain('ECONNREFUSED');
  });

  it('also catches a 5xx written with writeHead and several writes', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.write('part one ');
      res.end('part two');
    }, false);
    expect((await fetch(url)).status).toBe(503);
  });

  it('lets a 500 through unchanged when the database is fine (a bug is a bug, not an outage)', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 500;
      res.write('Internal ');
      res.end('Server Error');
    }, true);
    const response = await fetch(url);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error');
  });

  it('never touches other answers', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('streamed ');
      res.end('page');
    }, false);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('streamed page');
  });
});
