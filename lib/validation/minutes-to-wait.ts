/**
 * "Try again in N minutes" from a throttle's retry-after: whole minutes, rounded up and at
 * least 1, so the page never says "0 minutes" while the wait is still running.
 */
export function minutesToWait(retryAfterSeconds: number): number {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}
