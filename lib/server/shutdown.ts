/**
 * What must finish before a stopping process exits (the delivery worker's current batch,
 * the database). Kept on globalThis: the edge server and the app (bundled by Next) load
 * separate copies of this module in one process.
 */
type Hook = () => Promise<void>;

const globalForShutdown = globalThis as unknown as {
  __gatehouseShutdownHooks?: Hook[];
  __gatehouseStopHooks?: Hook[];
  __gatehouseStopping?: boolean;
};

/** From SIGTERM on the process is never ready again (/readyz answers 503): it is on its way out. */
export function markStopping(): void {
  globalForShutdown.__gatehouseStopping = true;
}

export function isStopping(): boolean {
  return Boolean(globalForShutdown.__gatehouseStopping);
}

/**
 * Work to stop taking at once on SIGTERM, while requests still drain: the delivery worker
 * stops claiming and finishes what it holds in parallel with the drain, so the whole process
 * is gone within 10 s (issue 26) instead of starting on its email only after the drain.
 */
export function onStopRequested(hook: Hook): void {
  (globalForShutdown.__gatehouseStopHooks ??= []).push(hook);
}

/** Runs the stop-requested hooks together; resolves when all are done (a failing one is logged). */
export async function runStopRequestedHooks(): Promise<void> {
  const hooks = globalForShutdown.__gatehouseStopHooks ?? [];
  globalForShutdown.__gatehouseStopHooks = [];
  await Promise.all(
    hooks.map((hook) =>
      hook().catch((err: unknown) => console.error(`[shutdown] ${(err as Error).message}`)),
    ),
  );
}

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
