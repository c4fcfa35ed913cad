/**
 * V8's heap limits for a serving instance (issue 24). Without them V8 sizes the heap by the
 * machine's memory (a 4 GB limit on the 2-core test machine) and lets garbage and reserved
 * heap pile up under load: bench:load measured 500–850 MB RSS per instance for about 160 MB
 * of live heap (a heap snapshot under load: mostly Next's module sources and compiled code).
 * With these, the same run stayed near 340–360 MB, the live heap unchanged. 320 MB of old
 * space measured the same as 256 (RSS 354 and 351 MB at the end of 300 s) and leaves room for
 * the embedded quick start, whose live heap is larger (about 175 MB with PGlite).
 *
 * `npm start` passes them (package.json); the test clusters and own instances (e2e/support)
 * pass the same, so tests and benchmarks run what production runs; node-flags.test.ts keeps
 * package.json in step. Raise the old space together with what the instance must hold, never
 * below the live heap (about 160 MB today) plus room for requests in flight.
 */
export const SERVER_NODE_FLAGS = ['--max-old-space-size=320', '--max-semi-space-size=4'] as const;
