/**
 * What /readyz reports: whether this process can serve (database reachable and migrated,
 * delivery worker running). Kept on globalThis: start-up (instrumentation) and the route
 * handler are bundled separately by Next.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { isStopping } from './shutdown';

const globalForReadiness = globalThis as unknown as {
  __gatehouseWorkerRunning?: boolean;
  __gatehouseDatabaseReachable?: () => Promise<boolean>;
};

/** Lets the edge server (which cannot load the app's database module) ask whether the database answers. */
export function shareDatabaseProbe(): void {
  globalForReadiness.__gatehouseDatabaseReachable = isDatabaseReachable;
}

export function markWorkerRunning(running: boolean): void {
  globalForReadiness.__gatehouseWorkerRunning = running;
}

/** Ready when not stopping, the worker runs and the database answers. */
export async function isReady(): Promise<boolean> {
  if (isStopping()) return false;
  return Boolean(globalForReadiness.__gatehouseWorkerRunning) && (await isDatabaseReachable());
}

/** The database answers within a second (opening it migrates it first). */
export async function isDatabaseReachable(): Promise<boolean> {
  try {
    const ping = (async () => {
      const db = await getDb();
      await db.execute(sql`select 1`);
      return true;
    })();
    return await Promise.race([
      ping,
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref()),
    ]);
  } catch {
    return false;
  }
}
