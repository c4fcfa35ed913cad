/**
 * Reads a request's body at the edge to see whether it parses, then puts it back for Next.js
 * to read as if nothing happened. A multipart body that does not match its own boundary, or
 * action arguments that are not JSON, make Next.js answer 500; they get a 400 here.
 * Bodies are at most 1 MB by then (request-guard.ts), so holding one costs little.
 */
import type { IncomingMessage } from 'node:http';

/** The whole body, without consuming the request: it is unshifted back before returning. */
async function peekBody(req: IncomingMessage, length: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let received = 0;
  while (received < length) {
    const chunk = req.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      received += chunk.length;
      continue;
    }
    const more = await new Promise<boolean>((resolve) => {
      const done = (value: boolean) => {
        req.off('readable', onReadable);
        req.off('end', onEnd);
        req.off('error', onEnd);
        req.off('close', onEnd);
        resolve(value);
      };
      const onReadable = () => done(true);
      const onEnd = () => done(false);
      req.once('readable', onReadable);
      req.once('end', onEnd);
      req.once('error', onEnd);
      req.once('close', onEnd);
    });
    if (!more) break;
  }
  const body = Buffer.concat(chunks);
  if (received < length) return null; // the client sent less than it announced
  req.unshift(body);
  return body;
}

/**
 * True when the body parses as what it claims: a form (multipart), or the JSON array of
 * arguments a server action called by script sends as text/plain. The body stays readable for Next.
 */
export async function bodyParses(req: IncomingMessage, kind: 'form' | 'json'): Promise<boolean> {
  const length = Number(req.headers['content-length'] ?? 0);
  const body = length > 0 ? await peekBody(req, length) : Buffer.alloc(0);
  if (body === null) return false;
  try {
    if (kind === 'json')
      return Array.isArray(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)));
    await new Response(new Uint8Array(body), {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    }).formData();
    return true;
  } catch {
    return false;
  }
}
