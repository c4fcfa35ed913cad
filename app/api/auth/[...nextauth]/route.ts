import { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/config';

/**
 * next-auth's endpoints. Its forms post urlencoded bodies; anything else (a JSON body it
 * would fail to parse with a 500, a stray upload) is refused with 415. The body is always
 * read in full first (the edge caps it at 1 MB): answering before it is read would cut the
 * connection under a client that is still sending.
 */
export const GET = handlers.GET;

export async function POST(request: NextRequest): Promise<Response> {
  const body = await request.arrayBuffer();
  if (!/^application\/x-www-form-urlencoded/i.test(request.headers.get('content-type') ?? '')) {
    return new Response('Unsupported request body.\n', {
      status: 415,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new Response('The request body is not text.\n', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  return handlers.POST(new NextRequest(request.url, { method: 'POST', headers: request.headers, body }));
}
