import { NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { handlers } from '@/lib/auth/config';
import { authCookies } from '@/lib/auth/cookies';
import { cookieHeaderWithoutBadCallback, isValidCallbackUrl } from '@/lib/auth/callback-url';

/**
 * next-auth's endpoints. Its forms post urlencoded bodies; anything else (a JSON body it
 * would fail to parse with a 500, a stray upload) is refused with 415. The body is always
 * read in full first (the edge caps it at 1 MB): answering before it is read would cut the
 * connection under a client that is still sending. A callbackUrl next-auth would answer
 * with a 500 is refused (parameter) or dropped (cookie) first: lib/auth/callback-url.ts.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const refused = refuseBadCallbackUrl(request.url);
  if (refused) return refused;
  const headers = headersWithoutBadCallbackCookie(request.headers);
  return handlers.GET(headers ? new NextRequest(request.url, { headers }) : request);
}

export async function POST(request: NextRequest): Promise<Response> {
  return answerPost(request.url, request.headers, await request.arrayBuffer());
}

/** The POST, from what it is made of. */
async function answerPost(url: string, requestHeaders: Headers, body: ArrayBuffer): Promise<Response> {
  if (!/^application\/x-www-form-urlencoded/i.test(requestHeaders.get('content-type') ?? '')) {
    return plain(415, 'Unsupported request body.');
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return plain(400, 'The request body is not text.');
  }
  const refused = refuseBadCallbackUrl(url);
  if (refused) return refused;
  const headers = headersWithoutBadCallbackCookie(requestHeaders) ?? requestHeaders;
  return handlers.POST(new NextRequest(url, { method: 'POST', headers, body }));
}

function plain(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

function refuseBadCallbackUrl(url: string): Response | null {
  const param = new URL(url).searchParams.get('callbackUrl');
  return param && !isValidCallbackUrl(param, env.APP_URL) ? plain(400, 'Invalid callbackUrl.') : null;
}

function headersWithoutBadCallbackCookie(requestHeaders: Headers): Headers | null {
  const cookie = cookieHeaderWithoutBadCallback(
    requestHeaders.get('cookie'),
    authCookies(env.secureCookies).callbackUrl.name,
    env.APP_URL,
  );
  if (cookie === null) return null;
  const headers = new Headers(requestHeaders);
  headers.set('cookie', cookie);
  return headers;
}
