/**
 * Prometheus metrics (prom-client), served at GET /metrics when METRICS_TOKEN is set.
 * Counters are of this process; the outbox and throttling figures are read from the
 * database at each scrape, so every instance reports the same shared state.
 * One registry per process on globalThis: the edge server and Next's bundles both record.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type SignInOutcome = 'succeeded' | 'invalid' | 'throttled' | 'blocked' | 'deactivated';

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gatehouse_' });
  return {
    registry,
    signIns: new Counter({
      name: 'gatehouse_sign_ins_total',
      help: 'Password checks at sign-in, by outcome.',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'gatehouse_email_deliveries_total',
      help: 'Email delivery attempts by this instance, by outcome.',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    requests: new Histogram({
      name: 'gatehouse_http_request_duration_seconds',
      help: 'Time from request to the end of the answer, by route family and status class.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    pageCache: new Counter({
      name: 'gatehouse_page_cache_total',
      help: 'Requests the edge looked up in its page cache (edge/page-cache.ts), by result: hit, miss, or bypass (a cached page rendered for a cookie, a router header, another host or a bot).',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    // Shared state, read from the database at each scrape (lib/observability/scrape.ts).
    emails: new Gauge({
      name: 'gatehouse_emails',
      help: 'Emails in the outbox, by status.',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    refusedByDomain: new Gauge({
      name: 'gatehouse_emails_refused_24h',
      help: 'Emails refused at sending (rejected) or returned later (bounced) in the last 24 hours, by receiving domain (the 20 domains with most): a blocklisting shows as a spike at one domain.',
      labelNames: ['domain', 'status'] as const,
      registers: [registry],
    }),
    oldestWaiting: new Gauge({
      name: 'gatehouse_email_oldest_waiting_seconds',
      help: 'Age of the oldest email not yet delivered (0 when none waits).',
      registers: [registry],
    }),
    throttled: new Gauge({
      name: 'gatehouse_sign_in_throttled_addresses',
      help: 'Addresses whose sign-in must wait now.',
      registers: [registry],
    }),
    blocked: new Gauge({
      name: 'gatehouse_sign_in_blocked_addresses',
      help: 'Addresses blocked from signing in until unblocked.',
      registers: [registry],
    }),
  };
}

const globalForMetrics = globalThis as unknown as { __gatehouseMetrics?: ReturnType<typeof createMetrics> };

export function metrics(): ReturnType<typeof createMetrics> {
  globalForMetrics.__gatehouseMetrics ??= createMetrics();
  return globalForMetrics.__gatehouseMetrics;
}

/** Known first path segments; anything else (a scanner's guesses) is "other", so labels stay few. */
const ROUTE_FAMILIES = new Set([
  'login',
  'forgot-password',
  'welcome',
  'reset-password',
  'unblock',
  'secure-account',
  'account',
  'admin',
  'help',
  'api',
  '_next',
  'dev',
  'healthz',
  'readyz',
  'metrics',
]);

export function routeFamily(path: string): string {
  const first = path.split('?')[0]!.split('/')[1] ?? '';
  if (first === '') return '/';
  return ROUTE_FAMILIES.has(first) ? `/${first}` : 'other';
}
