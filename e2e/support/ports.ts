/**
 * Every port and name the browser tests use, derived from one base (E2E_PORT_BASE, default
 * 3100) so that two checkouts can run their suites side by side on one machine.
 */
const base = Number(process.env.E2E_PORT_BASE ?? 3100);

/** The embedded quick start (PGlite, dev mailbox). */
export const EMBEDDED_PORT = base;
export const EMBEDDED_ORIGIN = `http://localhost:${EMBEDDED_PORT}`;
/** The PostgreSQL instance delivering over SMTP. */
export const PG_PORT = base + 1;
export const PG_ORIGIN = `http://localhost:${PG_PORT}`;
/** The local SMTP server the PostgreSQL instance delivers to, and its HTTP side door. */
export const SMTP_PORT = base + 26;
export const SMTP_HTTP_PORT = base + 25;
/** Suffix for database names and data folders, empty for the default base. */
export const RUN_SUFFIX = base === 3100 ? '' : `_${base}`;

/**
 * The production shape: nginx terminating TLS on PROD_HTTPS_PORT (and redirecting plain
 * http from PROD_HTTP_PORT) in front of two `npm start` instances on one PostgreSQL
 * database, delivering to their own SMTP server.
 */
export const PROD_HTTPS_PORT = base + 43;
export const PROD_HTTP_PORT = base + 80;
export const PROD_ORIGIN = `https://localhost:${PROD_HTTPS_PORT}`;
export const PROD_INSTANCE_PORTS = [base + 51, base + 52] as const;
export const PROD_SMTP_PORT = base + 27;
export const PROD_SMTP_HTTP_PORT = base + 28;
/** The example relying party the OpenID Connect specs start (e2e/oidc). */
export const OIDC_RP_PORT = base + 90;
/** The same for the production project (the projects run side by side). */
export const OIDC_PROD_RP_PORT = base + 91;
/** The fault tests' own instances (e2e/production/cluster.ts). */
/** The two-step verification spec's own embedded instance (default REQUIRE_TWO_STEP_ROLES). */
export const TWO_STEP_PORT = base + 71;
/** The page cache spec's own embedded instances: the cache on (the default) and off (PAGE_CACHE=off). */
export const PAGE_CACHE_PORTS = { on: base + 73, off: base + 74 } as const;
export const FAULT_PORTS = { mailDown: [base + 61, base + 62], killed: [base + 63, base + 64] } as const;
