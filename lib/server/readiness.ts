/**
 * What /readyz reports: whether this process can serve (database reachable and migrated,
 * delivery worker running). Kept on globalThis: start-up (instrumentation) and the route
 * handler are bundled separately by Next.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';

const globalForReadiness = globalThis as unknown as { __gatehouseWorkerRunning?: boolean };

export function markWorkerRunning(running: boolean): void {
  globalForReadiness.__gatehouseWorkerRunning = running;
}

/** Ready when the worker runs and the database answers within a second (opening it migrates it first). */
export async function isReady(): Promise<boolean> {
  if (!globalForReadiness.__gatehouseWorkerRunning) return false;
  try {
    const ping = (async () => {
      const db = await getDb();
      await db.execute(sql`select 1`);
      return true;
    })();
    return await Promise.race([ping, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref())]);
  } catch {
    return false;
  }
}
