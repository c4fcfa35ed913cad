/**
 * What must finish before a stopping process exits (the delivery worker's current batch,
 * the database). Kept on globalThis: the edge server and the app (bundled by Next) load
 * separate copies of this module in one process.
 */
type Hook = () => Promise<void>;

const globalForShutdown = globalThis as unknown as { __gatehouseShutdownHooks?: Hook[] };

export function onShutdown(hook: Hook): void {
  (globalForShutdown.__gatehouseShutdownHooks ??= []).push(hook);
}

/** Runs the hooks, newest first (what started last stops first); a failing hook does not stop the others. */
export async function runShutdownHooks(): Promise<void> {
  const hooks = globalForShutdown.__gatehouseShutdownHooks ?? [];
  globalForShutdown.__gatehouseShutdownHooks = [];
  for (const hook of hooks.reverse()) {
    try {
      await hook();
    } catch (err) {
      console.error(`[shutdown] ${(err as Error).message}`);
    }
  }
}
