/**
 * When the database is away (restarting, failing over), a request that needed it fails
 * inside Next.js and would be answered with a 500. The edge holds back any 5xx answer,
 * asks whether the app is ready (database reachable); if it is not, the person gets a plain
 * "temporarily unavailable" page with 503 and Retry-After instead, and nothing of the
 * failed answer. When the database is fine the original answer goes out unchanged.
 * postgres-js opens new connections by itself, so the app recovers without a restart.
 */
import type { ServerResponse } from 'node:http';

const RETRY_AFTER_SECONDS = 30;

export const UNAVAILABLE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable</title></head>
<body><main>
<h1>Temporarily unavailable</h1>
<p>Signing in is not possible for a moment. Please try again in a minute; nothing you did is lost.</p>
<h2 lang="nl">Tijdelijk niet beschikbaar</h2>
<p lang="nl">Inloggen lukt even niet. Probeer het over een minuut opnieuw; er is niets verloren gegaan.</p>
</main></body></html>
`;

type Chunk = string | Uint8Array;

/**
 * Replaces a 5xx answer of `res` by the unavailable page when `ready()` says the app cannot
 * serve. With the database up, a 5xx to a form post means Next.js could not read what was
 * posted (a forged or broken server-action body that got past the edge's checks): that is
 * bad input and answered 400; the error itself is in Next's log, and one line here says so.
 */
export function answerUnavailableWhenDown(
  res: ServerResponse,
  ready: () => Promise<boolean>,
  formPost = false,
): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  /** The arguments of a 5xx writeHead, held back until we know whether the database is away. */
  let held: unknown[] | null = null;
  const chunks: Chunk[] = [];
  const holdIfError = () => {
    if (held === null && !res.headersSent && res.statusCode >= 500) held = [res.statusCode];
  };

  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status >= 500 && !res.headersSent) {
      held = [status, ...rest];
      return res;
    }
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
  res.write = ((chunk: Chunk, ...rest: unknown[]) => {
    holdIfError();
    if (held === null) return write(chunk, ...rest);
    chunks.push(chunk);
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: Chunk | (() => void), ...rest: unknown[]) => {
    holdIfError();
    if (held === null) return end(chunk, ...rest);
    if (chunk && typeof chunk !== 'function') chunks.push(chunk);
    const original = held;
    void ready()
      .catch(() => false)
      .then((isReady) => {
        if (isReady && formPost) {
          console.error(
            `[edge] a ${String(original[0])} answer to a form post was replaced by 400 (the error is logged above)`,
          );
          for (const name of res.getHeaderNames()) res.removeHeader(name);
          writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
          end('The form could not be read.');
          return;
        }
        if (isReady) {
          writeHead(...original);
          for (const c of chunks) write(c);
          end();
          return;
        }
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        writeHead(503, {
          'content-type': 'text/html; charset=utf-8',
          'retry-after': String(RETRY_AFTER_SECONDS),
          'cache-control': 'no-store',
        });
        end(UNAVAILABLE_PAGE);
      });
    return res;
  }) as typeof res.end;
}
