/**
 * V8's heap limits for a serving instance (issue 24). Without them V8 sizes the heap by the
 * machine's memory (a 4 GB limit on the 2-core test machine) and lets garbage and reserved
 * heap pile up under load: bench:load measured 500–850 MB RSS per instance for about 160 MB
 * of live heap (a heap snapshot under load: mostly Next's module sources and compiled code).
 *
 * The old space is a ceiling, not a tuning: 320 MB kept bench:load near 350 MB RSS, but in CI
 * a production-shape instance that had served the whole browser suite reached 314 MB of LIVE
 * heap during the fuzz test and died ("heap out of memory"), which nginx turned into failed
 * requests. What holds that memory is not found yet (see the closing note of issue 24): until
 * it is, 1 GB leaves room for it while still ending a runaway with a restart instead of
 * swapping the machine. The small young generation stays (it costs nothing measurable).
 *
 * `npm start` passes them (package.json); the test clusters and own instances (e2e/support)
 * pass the same, so tests and benchmarks run what production runs; node-flags.test.ts keeps
 * package.json in step.
 */
export const SERVER_NODE_FLAGS = ['--max-old-space-size=1024', '--max-semi-space-size=4'] as const;
