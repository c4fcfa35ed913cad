/** Runs once when a Next.js server process starts. */
export async function register() {
  // NEXT_RUNTIME and NEXT_PHASE are Next's own markers, not configuration: the database
  // is opened only by a serving Node.js process, never while `next build` prerenders.
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startGatehouse } = await import('./lib/runtime/start-app');
  await startGatehouse();
}
