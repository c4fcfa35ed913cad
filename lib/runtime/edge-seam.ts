/**
 * The one seam between the edge (edge/, the Node server `npm start` runs, loaded by tsx) and
 * the app (everything Next.js bundles, started by instrumentation.ts → start-app.ts). They run
 * in one process but in two module graphs, so a module-level variable here would exist twice;
 * what they must share lives on one globalThis key instead, and only that:
 * - the edge's marker, a secret of this process that tells the app which headers the edge set
 *   (lib/security/client-ip.ts);
 * - the OpenID Connect provider's Node handler, which the edge calls for /oidc and /interaction;
 * - the database probe, which the edge asks before it turns a 5xx into "temporarily unavailable";
 * - on SIGTERM, the stopping flag (/readyz says 503 from then on), the work to stop taking at
 *   once, and what must finish before the process exits.
 * (/readyz's worker flag is here too: start-up and the route handler are separate bundles.)
 * This module imports nothing, so both graphs load it without pulling the app into the edge.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type ShutdownHook = () => Promise<void>;

interface Seam {
  marker?: string;
  oidcHandler?: NodeHandler;
  databaseReachable?: () => Promise<boolean>;
  workerRunning: boolean;
  stopping: boolean;
  stopRequestedHooks: ShutdownHook[];
  shutdownHooks: ShutdownHook[];
}

const holder = globalThis as unknown as { __gatehouseEdgeSeam?: Seam };
const seam: Seam = (holder.__gatehouseEdgeSeam ??= {
  workerRunning: false,
  stopping: false,
  stopRequestedHooks: [],
  shutdownHooks: [],
});

/** Set once by the edge of this process, before Next handles any request. */
export function setEdgeMarker(marker: string | undefined): void {
  seam.marker = marker;
}

/** The edge's marker; undefined in a process started without the edge (`next start`). */
export function edgeMarker(): string | undefined {
  return seam.marker;
}

/** Start-up offers the provider's handler (undefined again while stopping). */
export function offerOidcHandler(handler: NodeHandler | undefined): void {
  seam.oidcHandler = handler;
}

/** The provider's handler, once start-up has offered it. */
export function offeredOidcHandler(): NodeHandler | undefined {
  return seam.oidcHandler;
}

/** Start-up lets the edge (which cannot load the app's database module) ask whether the database answers. */
export function shareDatabaseProbe(probe: () => Promise<boolean>): void {
  seam.databaseReachable = probe;
}

/** Whether the database answers; true until start-up has shared the probe (nothing to judge by yet). */
export function sharedDatabaseProbe(): Promise<boolean> {
  return seam.databaseReachable ? seam.databaseReachable() : Promise.resolve(true);
}

export function markWorkerRunning(running: boolean): void {
  seam.workerRunning = running;
}

export function workerRunning(): boolean {
  return seam.workerRunning;
}

/** From SIGTERM on the process is never ready again (/readyz answers 503): it is on its way out. */
export function markStopping(): void {
  seam.stopping = true;
}

export function isStopping(): boolean {
  return seam.stopping;
}

/**
 * Work to stop taking at once on SIGTERM, while requests still drain: the delivery worker
 * stops claiming and finishes what it holds in parallel with the drain, so the whole process
 * is gone within 10 s (issue 26) instead of starting on its email only after the drain.
 */
export function onStopRequested(hook: ShutdownHook): void {
  seam.stopRequestedHooks.push(hook);
}

/** Runs the stop-requested hooks together; resolves when all are done (a failing one is logged). */
export async function runStopRequestedHooks(): Promise<void> {
  const hooks = seam.stopRequestedHooks.splice(0);
  await Promise.all(
    hooks.map((hook) =>
      hook().catch((err: unknown) => console.error(`[shutdown] ${(err as Error).message}`)),
    ),
  );
}

/** What must finish before a stopping process exits (the delivery worker's current batch, the database). */
export function onShutdown(hook: ShutdownHook): void {
  seam.shutdownHooks.push(hook);
}

/** Runs the hooks, newest first (what started last stops first); a failing hook does not stop the others. */
export async function runShutdownHooks(): Promise<void> {
  const hooks = seam.shutdownHooks.splice(0).reverse();
  for (const hook of hooks) {
    try {
      await hook();
    } catch (err) {
      console.error(`[shutdown] ${(err as Error).message}`);
    }
  }
}
