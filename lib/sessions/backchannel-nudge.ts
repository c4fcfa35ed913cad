/**
 * Asks this process's back-channel logout worker to look at the queue now rather than at its
 * next round. Kept apart from the worker so the code that queues logouts (account operations,
 * which run inside Next's bundle) does not load the provider; the worker registers itself on
 * globalThis, which both module graphs of the process share.
 */
const globalForNudge = globalThis as unknown as { __gatehouseBackchannelNudge?: () => void };

/** The queue is written inside a transaction: look a moment later, once it has committed (the worker's round catches a slower commit). */
const AFTER_COMMIT_MS = 200;

export function nudgeBackchannelWorker(): void {
  const nudge = globalForNudge.__gatehouseBackchannelNudge;
  if (nudge) setTimeout(nudge, AFTER_COMMIT_MS).unref();
}

export function registerBackchannelNudge(fn: (() => void) | undefined): void {
  globalForNudge.__gatehouseBackchannelNudge = fn;
}
