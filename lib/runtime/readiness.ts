/**
 * What /readyz reports: whether this process can serve (not stopping, database reachable and
 * migrated, delivery worker running).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { isStopping, workerRunning } from './edge-seam';

/** Ready when not stopping, the worker runs and the database answers. */
export async function isReady(): Promise<boolean> {
  if (isStopping()) return false;
  return workerRunning() && (await isDatabaseReachable());
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
