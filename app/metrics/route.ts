import { mayScrape, scrape } from '@/lib/observability/scrape';

/** Prometheus metrics behind a bearer token (METRICS_TOKEN). Without one set, there is nothing here. */
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  if (!mayScrape(request.headers.get('authorization')))
    return new Response('Not found.\n', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  const { body, contentType } = await scrape();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
