import { isReady } from '@/lib/runtime/readiness';

/** Readiness: database reachable and migrated, delivery worker running. 503 otherwise; nothing else is said. */
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const ready = await isReady();
  return new Response(ready ? 'ready\n' : 'not ready\n', {
    status: ready ? 200 : 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
